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

/**
 * The one compact form of big figures, used by tiles, tables and chart axes alike: thousands
 * separators always; in Chinese 万 from ten thousand and 亿 from a hundred million, in English k / M / B.
 * {digits} decimals at most (trailing zeros kept for money so tiles do not jump).
 */
export function compact(value, { digits = 2, fixed = false } = {}) {
  if (value === null || value === undefined || !isFinite(value)) return '—';
  const abs = Math.abs(value);
  const units = currentLang() === 'en' ? [[1e9, 'B'], [1e6, 'M'], [1e4, 'k', 1e3]] : [[1e8, '亿'], [1e4, '万']];
  for (const [min, unit, div] of units) {
    if (abs >= min) {
      const n = value / (div || min);
      return n.toLocaleString(locale(), { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits }) + unit;
    }
  }
  return Number(value).toLocaleString(locale(), { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits });
}

/** Compact money for big tiles: ¥1,234.56万 / ¥2.35亿 (¥12.3k / ¥4.56M in English); exact below ten thousand yuan. */
export function moneyShort(fen) {
  if (fen === null || fen === undefined) return '—';
  const yuan = fen / 100;
  if (Math.abs(yuan) < 1e4) return money(fen);
  return (yuan < 0 ? '-¥' : '¥') + compact(Math.abs(yuan), { digits: 2, fixed: true });
}

/** A chart axis label of yuan: ¥0, ¥5,000, ¥50万, ¥1.2亿 — the same units as the tiles. */
export function axisMoney(yuan) {
  return (yuan < 0 ? '-¥' : '¥') + compact(Math.abs(yuan), { digits: 1 });
}

/** A count for tiles and axes: 12,345 / 123.4万. */
export function countShort(n) {
  if (n === null || n === undefined) return '—';
  return compact(n, { digits: 1 });
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
