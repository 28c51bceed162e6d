// Formatting of money (integer fen), counts and rates for display. Money stays integer until here.
import { currentLang } from './i18n.js';

const locale = () => (currentLang() === 'en' ? 'en-US' : 'zh-CN');

/** ¥1,234.56 from 123456 fen. */
export function money(fen) {
  if (fen === null || fen === undefined) return '—';
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return (neg ? '-' : '') + '¥' + yuan.toLocaleString(locale()) + '.' + cents;
}

/** Compact money for big tiles: ¥1.23万 / ¥12.3k. */
export function moneyShort(fen) {
  if (fen === null || fen === undefined) return '—';
  const yuan = fen / 100;
  if (currentLang() !== 'en' && Math.abs(yuan) >= 10000) return '¥' + (yuan / 10000).toFixed(2) + '万';
  if (currentLang() === 'en' && Math.abs(yuan) >= 1000000) return '¥' + (yuan / 1e6).toFixed(2) + 'M';
  return money(fen);
}

export function count(n) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString(locale());
}

/** "12.34%" from a ratio (0.1234) or null. */
export function pct(ratio, digits = 2) {
  if (ratio === null || ratio === undefined || !isFinite(ratio)) return '—';
  return (ratio * 100).toFixed(digits) + '%';
}

/** Signed change "+12.3%" / "-4.0%", with a direction class. */
export function change(ratio) {
  if (ratio === null || ratio === undefined || !isFinite(ratio)) return { text: '—', cls: 'flat' };
  const text = (ratio > 0 ? '+' : '') + (ratio * 100).toFixed(1) + '%';
  return { text, cls: ratio > 0 ? 'up' : ratio < 0 ? 'down' : 'flat' };
}

/** Parses "12.34" yuan into fen, or null when it is not a non-negative amount with ≤ 2 decimals. */
export function yuanToFen(text) {
  const s = String(text ?? '').trim();
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return null;
  const [i, d = ''] = s.split('.');
  return Number(i) * 100 + Number((d + '00').slice(0, 2));
}

export function fenToYuanInput(fen) {
  if (fen === null || fen === undefined) return '';
  return Math.trunc(fen / 100) + '.' + String(fen % 100).padStart(2, '0');
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(locale(), { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Escapes text for innerHTML templates. */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
