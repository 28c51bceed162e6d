// The app shell: page registry, hash router, top bar (agency mark, navigation, client switcher,
// back to agency view, switch account, language, live state) and the context handed to every page.
//
// A page is an ES module in web-static/pages/ that registers itself:
//   import { registerPage } from '../app.js';
//   registerPage('finance', { title: { 'zh-CN': '财务', en: 'Finance' }, nav: true, order: 40,
//                             capability: 'FUNDS_MANAGE', render(el, ctx) { ...; return () => cleanup; } });
// The server lists the page modules at /app/pages.json; the shell imports each one at start.
import { api, ApiError, session, onUnauthorized } from './api.js';
import { live } from './live.js';
import { t, pick, setLang, currentLang, LANGS, loadCatalogue } from './i18n.js';
import * as fmt from './format.js';
import { picker, dateField } from './widgets.js';

const pages = new Map();
/** Up to this width the phone layout applies (styles.css says the same in its media query). */
const PHONE_WIDTH = 760;
let me = null;
let cleanup = null;
let rendering = 0;

/**
 * Registers a page. Options: title (string or {'zh-CN','en'}), render(el, ctx) (may return a cleanup
 * function or a Promise of one), nav (show in the top navigation), order (nav position), capability
 * (hidden and refused without it), identity ('agency' | 'client' | 'any', default 'agency'),
 * layout ('app' with the top bar, 'bare' without), public (no sign-in needed).
 */
export function registerPage(name, module) {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error('bad page name ' + name);
  if (typeof module.render !== 'function') throw new Error('page ' + name + ' has no render(el, ctx)');
  pages.set(name, { name, nav: false, order: 100, identity: 'agency', layout: 'app', ...module });
  if (started) route();
}

/** The signed-in caller (GET /api/v1/me), or null. */
export function currentUser() { return me; }

export function can(capability) { return !capability || (me && (me.capabilities || []).includes(capability)); }

/** Navigates to a page: navigate('monitor', { q: 'abc' }). */
export function navigate(name, params) {
  const q = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString() : '';
  const target = '#/' + name + (q ? '?' + q : '');
  if (location.hash === target) route(); else location.hash = target;
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [name, q] = h.split('?');
  return { name: name || '', params: Object.fromEntries(new URLSearchParams(q || '')) };
}

function identityKind() {
  if (!me) return null;
  if (me.actingClientId) return 'client';
  return me.identity && me.identity.kind === 'client' ? 'client' : 'agency';
}

function defaultPage() {
  if (!session.accessToken()) return 'login';
  if (matchMedia('(max-width: 640px)').matches && pages.has('mobile') && identityKind() === 'agency') return 'mobile';
  return identityKind() === 'client' ? 'client' : 'home';
}

function allowed(page) {
  if (page.public) return true;
  if (!me) return false;
  if (page.identity !== 'any' && page.identity !== identityKind()) return false;
  return can(page.capability);
}

/** Signs in with a token pair (password, identity pick, QR): stores it and opens the default page. */
export async function signIn(tokens) {
  session.set({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  await loadMe();
  live.stop();
  live.start(topicsFor(me));
  navigate(defaultPage());
}

export async function signOut() {
  try { if (session.accessToken()) await api.post('auth/logout'); } catch { /* already gone */ }
  session.clear();
  me = null;
  live.stop();
  navigate('login');
}

/** "Switch account": back to the identity picker of this login. */
export async function switchAccount() {
  const r = await api.post('auth/switch-account');
  session.clear();
  me = null;
  live.stop();
  sessionStorage.setItem('beacon.selection', JSON.stringify(r));
  navigate('identities');
}

/** Acts inside one client: a scoped token from the auth feature, then the client view. */
export async function actAs(clientId) {
  const tokens = await api.post('auth/act-as', { clientId: Number(clientId) });
  await signIn(tokens);
  navigate('client', { id: clientId });
}

/** Back to the agency view from acting-as. */
export async function backToAgency() {
  const tokens = await api.post('auth/act-as/exit');
  await signIn(tokens);
  navigate('home');
}

/** The push topics this caller may subscribe to (the server checks the same capabilities). */
function topicsFor(caller) {
  const caps = new Set(caller.capabilities || []);
  const topics = [];
  if (caps.has('CLIENTS_VIEW')) topics.push('agency', 'clients', 'alerts');
  topics.push('notices');
  if (caps.has('TICKETS_SUBMIT')) topics.push('tickets');
  if (caps.has('LEADS_OWN') || caps.has('LEADS_ALL')) topics.push('leads');
  return topics;
}

async function loadMe() {
  me = await api.get('me');
  document.body.dataset.identity = identityKind();
  return me;
}

function context(params, token) {
  // a page's late answers after the user moved on (its element is gone) must not raise toasts on the next page
  const pageToast = (message, kind) => { if (token === rendering) toast(message, kind); };
  return { api, live, t, pick, fmt, me, params, navigate, can, actAs, backToAgency, signIn, signOut, switchAccount, toast: pageToast, confirmDialog, dialog };
}

let started = false;

async function route() {
  const token = ++rendering;
  let { name, params } = parseHash();
  if (!name) name = defaultPage();
  const page = pages.get(name);
  const root = document.getElementById('app');
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  if (!page) {
    if (!pagesLoaded) return;   // the page module may still be loading
    root.innerHTML = `<main class="page"><p class="empty">${t('common.notFound')}</p></main>`;
    return;
  }
  if (!page.public && !session.accessToken()) { navigate('login'); return; }
  if (!page.public && !me) {
    try { await loadMe(); } catch { session.clear(); navigate('login'); return; }
    live.start(topicsFor(me));
  }
  if (token !== rendering) return;
  document.body.dataset.page = name;
  document.body.classList.toggle('bare', page.layout === 'bare');
  root.innerHTML = '';
  if (page.layout !== 'bare' && me) root.appendChild(topBar(name));
  const main = document.createElement('main');
  main.className = 'page page-' + name;
  main.id = 'main';
  root.appendChild(main);
  if (!allowed(page)) { main.innerHTML = `<p class="empty">${t('common.forbidden')}</p>`; return; }
  document.title = pick(page.title) + ' · Beacon';
  try {
    const c = await page.render(main, context(params, token));
    if (token !== rendering) { if (typeof c === 'function') c(); return; }
    cleanup = typeof c === 'function' ? c : null;
  } catch (e) {
    console.error(e);
    main.innerHTML = `<p class="error" role="alert">${fmt.esc(t('common.error', { msg: e.message }))}</p>`;
  }
}

function topBar(current) {
  const bar = document.createElement('header');
  bar.className = 'topbar';
  const nav = [...pages.values()].filter(p => p.nav && allowed(p)).sort((a, b) => a.order - b.order);
  const kind = identityKind();
  bar.innerHTML = `
    ${nav.length ? `<button type="button" class="menu-toggle" aria-expanded="false" aria-controls="mainnav" aria-label="${t('nav.menu')}">☰</button>` : ''}
    <a class="brand" href="#/${kind === 'client' ? 'client' : 'home'}" aria-label="Beacon">
      <span class="mark" aria-hidden="true">◆</span><span class="agency-name">${fmt.esc(me.agencyName || me.identity?.name || 'Beacon')}</span>
    </a>
    ${kind === 'client' ? `<span class="badge client-badge" data-testid="client-view-badge">${t('top.clientView')}</span>` : ''}
    <nav class="mainnav" id="mainnav" aria-label="main">${nav.map(p =>
      `<a href="#/${p.name}" class="${p.name === current ? 'active' : ''}" ${p.name === current ? 'aria-current="page"' : ''}>${fmt.esc(pick(p.title))}</a>`).join('')}</nav>
    <span class="spacer"></span>
    <span class="live-state" data-testid="live-state" role="status" aria-live="polite"></span>
    ${kind === 'agency' && can('CLIENT_OPERATE') ? `<div class="switcher">
      <label class="sr-only" for="client-switch">${t('top.switchClient')}</label>
      <input id="client-switch" type="search" placeholder="${t('top.switchClient')}" autocomplete="off" title="${t('top.search')}">
      <ul class="switch-results" role="listbox" hidden></ul></div>` : ''}
    ${me.actingClientId ? `<button type="button" class="btn" data-act="back">${t('top.back')}</button>` : ''}
    <select class="lang" aria-label="language">${LANGS.map(l => `<option value="${l}" ${l === currentLang() ? 'selected' : ''}>${l === 'en' ? 'English' : '简体中文'}</option>`).join('')}</select>
    <span class="user" title="${fmt.esc(me.user?.account)}">${fmt.esc(me.user?.name || me.user?.account || '')}</span>
    <button type="button" class="btn ghost" data-act="switch">${t('top.switchAccount')}</button>
    <button type="button" class="btn ghost" data-act="logout">${t('top.logout')}</button>`;
  const toggle = bar.querySelector('.menu-toggle');
  toggle?.addEventListener('click', () => {
    const open = bar.classList.toggle('nav-open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  const stateEl = bar.querySelector('.live-state');
  const showState = () => { stateEl.textContent = t('live.' + live.state); stateEl.dataset.state = live.state; };
  showState();
  const off = live.on('state', showState);
  // the navigation collapses behind ☰ wherever it does not fit on one row (phones, tablets, long English labels)
  const fit = () => fitNav(bar);
  window.addEventListener('resize', fit);
  requestAnimationFrame(fit);
  document.fonts?.ready.then(fit);
  const observer = new MutationObserver(() => { if (!bar.isConnected) { off(); window.removeEventListener('resize', fit); observer.disconnect(); } });
  observer.observe(document.getElementById('app'), { childList: true });
  bar.querySelector('.lang').addEventListener('change', e => { setLang(e.target.value); route(); });
  bar.querySelector('[data-act=logout]').addEventListener('click', () => signOut());
  bar.querySelector('[data-act=switch]').addEventListener('click', () => switchAccount().catch(e => toast(e.message, 'error')));
  bar.querySelector('[data-act=back]')?.addEventListener('click', () => backToAgency().catch(e => toast(e.message, 'error')));
  const input = bar.querySelector('#client-switch');
  if (input) clientSwitcher(input, bar.querySelector('.switch-results'));
  return bar;
}

/**
 * Lays the navigation out for the width at hand: beside the rest of the bar when it fits, on a row of
 * its own under it when that fits, otherwise behind the ☰ button (always on phones). Never scrolls sideways.
 */
function fitNav(bar) {
  const nav = bar.querySelector('.mainnav');
  if (!nav || !bar.isConnected) return;
  const overflows = () => nav.scrollWidth > nav.clientWidth + 1;
  bar.classList.remove('compact', 'two-row');
  if (window.innerWidth > PHONE_WIDTH && !overflows()) { bar.classList.remove('nav-open'); return; }
  bar.classList.add('two-row');
  if (window.innerWidth > PHONE_WIDTH && !overflows()) { bar.classList.remove('nav-open'); return; }
  bar.classList.replace('two-row', 'compact');
}

function clientSwitcher(input, list) {
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) { list.hidden = true; return; }
      try {
        const r = await api.get('monitor/clients', { q, pageSize: 8, range: 'today' });
        list.innerHTML = (r.rows || []).map(c => `<li role="option" tabindex="0" data-id="${c.clientId}">${fmt.esc(c.name)} <small>${fmt.esc(c.pid || '')}</small></li>`).join('')
          || `<li class="empty">${t('common.none')}</li>`;
        list.hidden = false;
      } catch { list.hidden = true; }
    }, 200);
  });
  const pickItem = li => { if (li?.dataset.id) actAs(li.dataset.id).catch(e => toast(e.message, 'error')); };
  list.addEventListener('click', e => pickItem(e.target.closest('li')));
  list.addEventListener('keydown', e => { if (e.key === 'Enter') pickItem(e.target.closest('li')); });
  input.addEventListener('blur', () => setTimeout(() => { list.hidden = true; }, 200));
}

/** A short message at the bottom of the screen. kind: 'info' | 'error'. */
export function toast(message, kind = 'info') {
  let box = document.getElementById('toasts');
  if (!box) { box = document.createElement('div'); box.id = 'toasts'; box.setAttribute('role', 'status'); document.body.appendChild(box); }
  const el = document.createElement('div');
  el.className = 'toast ' + kind;
  el.textContent = message;
  box.appendChild(el);
  setTimeout(() => el.remove(), 4000);
}

/**
 * A modal dialog with a form. fields: [{name, label, type, value, options:[{value,label}]}].
 * onSubmit(values, setError) returns a Promise; throw/reject keeps the dialog open with the error shown.
 */
export function dialog({ title, body = '', fields = [], submitLabel = t('act.save'), onSubmit }) {
  return new Promise(resolve => {
    const d = document.createElement('dialog');
    d.className = 'modal';
    d.innerHTML = `<form method="dialog" novalidate>
      <h2>${fmt.esc(title)}</h2>${body ? `<p>${fmt.esc(body)}</p>` : ''}
      ${fields.map(f => f.type === 'picker'
        ? `<div class="field"><span>${fmt.esc(f.label)}</span><div data-picker-slot="${f.name}"></div></div>
           <p class="field-error" id="err-${f.name}" data-field="${f.name}" role="alert"></p>`
        : f.type === 'date'
        ? `<label>${fmt.esc(f.label)}${dateField({ name: f.name, value: f.value, attrs: `aria-describedby="err-${f.name}"` })}</label>
           <p class="field-error" id="err-${f.name}" data-field="${f.name}" role="alert"></p>`
        : f.type === 'radio'
        ? `<fieldset><legend>${fmt.esc(f.label)}</legend>${f.options.map(o => `<label class="radio"><input type="radio" name="${f.name}" value="${o.value}" ${o.value === f.value ? 'checked' : ''}> ${fmt.esc(o.label)}</label>`).join('')}</fieldset>`
        : `<label>${fmt.esc(f.label)}<input name="${f.name}" type="${f.type || 'text'}" value="${fmt.esc(f.value ?? '')}" ${f.inputmode ? `inputmode="${f.inputmode}"` : ''} aria-describedby="err-${f.name}"></label>
           <p class="field-error" id="err-${f.name}" data-field="${f.name}" role="alert"></p>`).join('')}
      <p class="form-error" role="alert"></p>
      <div class="actions"><button type="button" class="btn ghost" value="cancel">${t('act.cancel')}</button>
      <button type="submit" class="btn primary" value="ok">${fmt.esc(submitLabel)}</button></div></form>`;
    document.body.appendChild(d);
    for (const f of fields.filter(x => x.type === 'picker')) {
      d.querySelector(`[data-picker-slot="${f.name}"]`).replaceWith(picker({ name: f.name, search: f.search, multiple: f.multiple, placeholder: f.placeholder || '', initial: f.initial || [] }));
    }
    const form = d.querySelector('form');
    const close = v => { d.close(); d.remove(); resolve(v); };
    d.querySelector('[value=cancel]').addEventListener('click', () => close(null));
    d.addEventListener('cancel', e => { e.preventDefault(); close(null); });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      form.querySelectorAll('.field-error, .form-error').forEach(x => { x.textContent = ''; });
      const values = Object.fromEntries(new FormData(form).entries());
      const setError = (field, msg) => {
        const el = field && form.querySelector(`.field-error[data-field="${field}"]`);
        (el || form.querySelector('.form-error')).textContent = msg;
      };
      const submit = form.querySelector('[type=submit]');
      submit.disabled = true;
      try {
        const result = onSubmit ? await onSubmit(values, setError) : values;
        if (result !== false) close(result ?? values);
      } catch (err) {
        if (err instanceof ApiError && err.errors.length) err.errors.forEach(x => setError(fields.some(f => (x.field || '').endsWith(f.name)) ? fields.find(f => (x.field || '').endsWith(f.name)).name : null, x.message));
        else setError(null, err.message);
      } finally { submit.disabled = false; }
    });
    d.showModal();
    d.querySelector('input')?.focus();
  });
}

export function confirmDialog(title, body, confirmLabel = t('act.confirm')) {
  return dialog({ title, body, submitLabel: confirmLabel, onSubmit: async () => true }).then(v => v === true);
}

let pagesLoaded = false;

async function loadPages() {
  let names = [];
  try { names = await (await fetch('/app/pages.json')).json(); } catch (e) { console.error('page list', e); }
  await Promise.all(names.map(n => import('./pages/' + n).catch(e => console.error('page ' + n, e))));
  pagesLoaded = true;
}

async function start() {
  onUnauthorized(() => { session.clear(); me = null; live.stop(); navigate('login'); });
  live.on('revoked', () => { session.clear(); me = null; navigate('login'); });
  window.addEventListener('hashchange', route);
  await Promise.all([loadCatalogue(), loadPages()]);
  started = true;
  route();
}

window.__beaconReady = start();
