// REST client of the web app: JSON in and out, the access token from the session, one refresh on 401,
// problem+json errors turned into ApiError (status, title, field errors).

import { currentLang } from './i18n.js';

const SESSION_KEY = 'beacon.session';

export class ApiError extends Error {
  constructor(status, problem) {
    // the server writes detail in the language the request named (Accept-Language)
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = (problem && problem.errors) || [];
  }
  /** The message for one field, if the server named it. */
  field(name) {
    const e = this.errors.find(x => x.field === name || (x.field || '').endsWith('.' + name));
    return e ? e.message : null;
  }
}

export const session = {
  get() {
    try { return JSON.parse(localStorage.getItem(SESSION_KEY)) || null; } catch { return null; }
  },
  set(tokens) {
    const prev = session.get() || {};
    localStorage.setItem(SESSION_KEY, JSON.stringify({ ...prev, ...tokens }));
  },
  clear() { localStorage.removeItem(SESSION_KEY); },
  accessToken() { return (session.get() || {}).accessToken || null; },
};

let refreshing = null;

async function refresh() {
  const s = session.get();
  if (!s || !s.refreshToken) return false;
  if (!refreshing) {
    refreshing = fetch('/api/v1/auth/refresh', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': currentLang() },
      body: JSON.stringify({ refreshToken: s.refreshToken }),
    }).then(async r => {
      if (!r.ok) return false;
      const body = await r.json();
      session.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
      return true;
    }).catch(() => false).finally(() => { setTimeout(() => { refreshing = null; }, 0); });
  }
  return refreshing;
}

function query(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.append(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** A fresh Idempotency-Key for one user action (keep it across retries of the same action). */
export function idempotencyKey() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
}

/** Listeners told when the session is gone for good (refresh failed): the app shows the login page. */
const unauthorizedListeners = new Set();
export function onUnauthorized(fn) { unauthorizedListeners.add(fn); return () => unauthorizedListeners.delete(fn); }

// A thin bar at the top while any request takes longer than a moment (slow networks show progress).
let inflight = 0;
let barTimer = null;
function busy(delta) {
  inflight += delta;
  if (typeof document === 'undefined') return;
  let bar = document.getElementById('loading-bar');
  if (!bar) {
    bar = document.createElement('div');
    bar.id = 'loading-bar';
    bar.className = 'loading-bar';
    bar.hidden = true;
    bar.setAttribute('aria-hidden', 'true');
    document.body.appendChild(bar);
  }
  clearTimeout(barTimer);
  if (inflight > 0) barTimer = setTimeout(() => { bar.hidden = false; }, 250);
  else bar.hidden = true;
  document.body.setAttribute('aria-busy', String(inflight > 0));
}

export async function request(method, path, opts = {}) {
  busy(1);
  try { return await send(method, path, opts); } finally { busy(-1); }
}

/**
 * One request. opts: body (sent as JSON), or file with contentType (a file or text sent as it is);
 * params (query); headers; blob: true resolves to the answer's Blob (downloads, images) instead of JSON.
 */
async function send(method, path, opts = {}) {
  const { body, file, contentType, blob = false, params, headers, auth = true, retry = true } = opts;
  const h = { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLang(), ...(headers || {}) };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (file !== undefined) h['Content-Type'] = contentType || file.type || 'application/octet-stream';
  const token = session.accessToken();
  if (auth && token) h.Authorization = 'Bearer ' + token;
  const url = (path.startsWith('/') ? path : '/api/v1/' + path) + query(params);
  const r = await fetch(url, { method, headers: h, body: file !== undefined ? file : body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401 && auth && retry && await refresh()) {
    return send(method, path, { ...opts, retry: false });
  }
  if (blob && r.ok) return r.blob();
  const text = await r.text();
  let json = null;
  if (text) { try { json = JSON.parse(text); } catch { json = { title: text }; } }
  if (!r.ok) {
    if (r.status === 401 && auth) unauthorizedListeners.forEach(fn => fn());
    throw new ApiError(r.status, json);
  }
  return json;
}

export const api = {
  get: (path, params, opts) => request('GET', path, { ...opts, params }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  /** POSTs a file or text as it is (an image, a CSV) with its content type. */
  upload: (path, file, contentType, opts) => request('POST', path, { ...opts, file, contentType }),
  /** GETs a file as a Blob (an export, an image): links and <img> cannot send the token. */
  blob: (path, opts) => request('GET', path, { ...opts, blob: true }),
  /** GET that resolves to null on 404/501 (an endpoint another owner has not landed yet). */
  async optional(path, params) {
    try { return await api.get(path, params); } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 501)) return null;
      throw e;
    }
  },
};
