// Login: password tab and QR tab (a one-time ticket shown as a QR code, refreshed before it
// expires; the desktop signs in when the phone confirms, pushed over Server-Sent Events).
import { registerPage } from '../app.js';
import { api, ApiError } from '../api.js';
import { t, setLang, currentLang } from '../i18n.js';
import { esc } from '../format.js';

registerPage('login', {
  title: { 'zh-CN': '登录', en: 'Sign in' },
  public: true,
  layout: 'bare',
  identity: 'any',
  render(el, ctx) {
    el.innerHTML = `<section class="login-box" aria-labelledby="login-title">
      <h1 id="login-title"><span class="mark" aria-hidden="true">◆</span> Beacon</h1>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" id="tab-pw" aria-selected="true" aria-controls="panel-pw">${t('login.password')}</button>
        <button type="button" role="tab" id="tab-qr" aria-selected="false" aria-controls="panel-qr">${t('login.qr')}</button>
        <span class="spacer"></span>
        <button type="button" class="lang-toggle">${currentLang() === 'en' ? '中文' : 'English'}</button>
      </div>
      <form id="panel-pw" role="tabpanel" aria-labelledby="tab-pw" novalidate>
        <label>${t('login.account')}<input name="account" autocomplete="username" required></label>
        <label>${t('login.secret')}<input name="password" type="password" autocomplete="current-password" required></label>
        <p class="form-error" role="alert"></p>
        <button type="submit" class="btn primary">${t('login.submit')}</button>
      </form>
      <div id="panel-qr" role="tabpanel" aria-labelledby="tab-qr" hidden>
        <div class="qr" data-testid="qr"></div>
        <p class="muted qr-status" role="status">${t('login.qrHint')}</p>
      </div></section>`;
    const form = el.querySelector('#panel-pw');
    const error = form.querySelector('.form-error');
    const qr = qrLogin(el.querySelector('#panel-qr'), ctx);
    el.querySelector('.lang-toggle').addEventListener('click', () => { setLang(currentLang() === 'en' ? 'zh-CN' : 'en'); ctx.navigate('login'); });
    for (const tab of el.querySelectorAll('[role=tab]')) {
      tab.addEventListener('click', () => {
        const isQr = tab.id === 'tab-qr';
        el.querySelector('#tab-pw').setAttribute('aria-selected', String(!isQr));
        el.querySelector('#tab-qr').setAttribute('aria-selected', String(isQr));
        form.hidden = isQr;
        el.querySelector('#panel-qr').hidden = !isQr;
        if (isQr) qr.start(); else qr.stop();
      });
    }
    form.addEventListener('submit', async e => {
      e.preventDefault();
      error.textContent = '';
      const { account, password } = Object.fromEntries(new FormData(form).entries());
      try {
        const r = await api.post('auth/login', { account, password }, { auth: false });
        await afterLogin(r, ctx);
      } catch (err) {
        if (err instanceof ApiError && err.status === 429) error.textContent = t('login.throttled', { s: err.problem.retryAfterSeconds ?? 60 });
        else if (err instanceof ApiError && err.status === 401) error.textContent = t('login.failed');
        else error.textContent = err.message;
      }
    });
    form.querySelector('input').focus();
    return () => qr.stop();
  },
});

/** Tokens go straight in; an identity list goes to the picker. */
export async function afterLogin(r, ctx) {
  if (r.accessToken) return ctx.signIn(r);
  sessionStorage.setItem('beacon.selection', JSON.stringify(r));
  ctx.navigate('identities');
}

function qrLogin(panel, ctx) {
  const box = panel.querySelector('.qr');
  const status = panel.querySelector('.qr-status');
  let events = null;
  let timer = null;
  let running = false;

  async function issue() {
    close();
    try {
      const r = await api.post('auth/qr-tickets', {}, { auth: false });
      const id = r.ticketId ?? r.id;
      const svg = r.qrSvg ?? r.svg;
      box.innerHTML = svg ? svg : r.qrDataUrl ? `<img alt="QR" src="${esc(r.qrDataUrl)}">` : `<code>${esc(r.url ?? id)}</code>`;
      box.dataset.ticket = id;
      box.dataset.url = r.link ?? r.url ?? '';
      status.textContent = t('login.qrHint');
      const ttl = r.expiresAt ? new Date(r.expiresAt).getTime() - Date.now() : (r.expiresIn ?? 120) * 1000;
      timer = setTimeout(() => { status.textContent = t('login.qrExpired'); issue(); }, Math.max(5000, ttl - 10000));
      events = new EventSource(r.eventsUrl ?? `/api/v1/auth/qr-tickets/${encodeURIComponent(id)}/events?secret=${encodeURIComponent(r.pollSecret ?? r.secret ?? '')}`);
      const onMessage = async ev => {
        let msg;
        try { msg = JSON.parse(ev.data); } catch { return; }
        if (msg.status === 'scanned') status.textContent = t('login.qrScanned');
        if (msg.status === 'expired') { status.textContent = t('login.qrExpired'); issue(); return; }
        if (msg.accessToken || msg.selectionToken) { close(); await afterLogin(msg, ctx); }
      };
      events.onmessage = onMessage;
      for (const type of ['confirmed', 'scanned', 'expired', 'tokens']) events.addEventListener(type, onMessage);
    } catch (e) {
      box.innerHTML = '';
      status.textContent = e instanceof ApiError && (e.status === 404 || e.status === 501) ? t('login.qrUnavailable') : e.message;
    }
  }

  function close() {
    clearTimeout(timer);
    if (events) { events.close(); events = null; }
  }

  return {
    start() { if (!running) { running = true; issue(); } },
    stop() { running = false; close(); },
  };
}
