// The read-only wall board of a wall-board link (/board/<token>), for a TV without a login: the wall board's
// barometer scoped to the link, live over the socket (first message {op: 'board', token}), with no actions
// and no way to other pages. Its reads go to /api/v1/board/<token>/…, which serve this link only. When the
// link is revoked or expires, the server closes the socket and the page says so; an unknown link says that.
import { t, loadCatalogue, currentLang, setLang } from './i18n.js';
import { live } from './live.js';
import { barometer } from './barometer.js';
import { esc } from './format.js';

const token = decodeURIComponent(location.pathname.replace(/^\/board\//, '').replace(/\/$/, ''));
const base = `/api/v1/board/${encodeURIComponent(token)}`;
// the barometer's reads (wall mode) and the board endpoints that answer them for this link
const READS = { 'home/overview': '/overview', 'home/top-clients': '/top-clients', alerts: '/alerts' };
const main = document.getElementById('main');
let closedAs = null;

class BoardClosed extends Error {}

async function read(path) {
  if (closedAs) throw new BoardClosed(closedAs);
  const r = await fetch(base + (READS[path] ?? path), { headers: { Accept: 'application/json', 'Accept-Language': currentLang() }, cache: 'no-store' });
  const body = await r.json().catch(() => null);
  if (r.ok) return body;
  const type = String(body?.type || '');
  const state = r.status === 410 ? (type.endsWith('expired') ? 'expired' : 'revoked') : r.status === 404 ? 'notFound' : null;
  if (state) { close(state); throw new BoardClosed(state); }
  throw new Error(body?.title || r.statusText);
}

/** The board stops: socket closed, a full-screen notice of why, in Chinese and English. */
function close(state) {
  if (closedAs) return;
  closedAs = state;
  live.stop();
  const both = lang => { const was = currentLang(); setLang(lang); const s = [t('board.' + state), t('board.closedHint')]; setLang(was); return s; };
  const [zh, en] = [both('zh-CN'), both('en')];
  main.innerHTML = `<div class="board-closed" role="alert" data-testid="board-closed" data-state="${state}">
    <h1 lang="zh-CN">${zh[0]}</h1><p lang="zh-CN">${zh[1]}</p><h2 lang="en">${en[0]}</h2><p lang="en">${en[1]}</p></div>`;
}

function header(name) {
  main.innerHTML = `<div class="wall-head"><h1>${t('board.title', { name: esc(name) })}</h1>
    <span class="readonly" data-testid="board-readonly">${t('board.readOnly')}</span>
    <span class="clock" aria-label="clock"></span>
    <span class="live-state" data-testid="live-state" role="status" aria-live="polite"></span>
    <button type="button" class="btn" data-act="fs">${t('wall.fullscreen')}</button></div><div class="wall-body"></div>`;
  const stateEl = main.querySelector('.live-state');
  const showState = () => { stateEl.dataset.state = live.state; stateEl.textContent = t('live.' + live.state); };
  showState();
  live.on('state', showState);
  const clock = main.querySelector('.clock');
  const tick = () => { clock.textContent = new Date().toLocaleTimeString(undefined, { hour12: false }); };
  tick();
  setInterval(tick, 1000);
  main.querySelector('[data-act=fs]').addEventListener('click', () => document.documentElement.requestFullscreen?.().catch(() => {}));
}

async function start() {
  await loadCatalogue();
  let info;
  try { info = await read(''); } catch (e) { if (!(e instanceof BoardClosed)) main.textContent = t('common.error', { msg: e.message }); return; }
  document.title = info.name + ' · Beacon';
  header(info.name);
  live.hello = () => (closedAs ? null : { op: 'board', token });
  // 4501 revoked (or the creator lost access), 4502 expired, 4500 the link is unknown by now
  live.on('revoked', ({ code }) => close(code === 4502 ? 'expired' : code === 4500 ? 'notFound' : 'revoked'));
  live.start(['agency', 'clients', 'alerts']);
  const ctx = {
    api: { get: read, optional: path => read(path).catch(e => { if (e instanceof BoardClosed) throw e; return null; }) },
    live, t, params: {}, can: () => false, toast: () => {}, navigate: () => {}, actAs: () => Promise.resolve(),
  };
  await barometer(main.querySelector('.wall-body'), ctx, { wall: true }).catch(e => { if (!(e instanceof BoardClosed)) console.error(e); });
}

window.__beaconBoard = start();
