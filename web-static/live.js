// The app's one WebSocket to /ws: subscribe, dispatch messages by type, reconnect with back-off and
// resume from the last sequence number (README "Push: WebSocket, SSE, webhooks"). Pages listen with
// live.on(type, fn) and re-read over REST on 'resync'. Close codes 4500–4999 mean "do not reconnect".
import { session } from './api.js';

const STATE_EVENT = 'state';

class LiveClient {
  constructor() {
    this.listeners = new Map();
    this.socket = null;
    this.state = 'offline';
    this.lastSeq = null;
    this.attempt = 0;
    this.timer = null;
    this.wanted = false;
    this.connectedOnce = false;
    this.topics = ['agency', 'clients', 'alerts', 'notices'];
    // The socket's first message: the signed-in session's access token (a wall-board link's page says
    // {op: 'board', token} instead); null means there is nothing to connect with.
    this.hello = () => { const token = session.accessToken(); return token ? { op: 'auth', token } : null; };
  }

  /** Subscribes fn to messages of `type` ('counters', 'alert', 'notice', 'snapshot', 'resync', 'state', '*'). */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type)?.delete(fn);
  }

  emit(type, msg) {
    for (const key of [type, '*']) this.listeners.get(key)?.forEach(fn => { try { fn(msg); } catch (e) { console.error(e); } });
  }

  setState(s) {
    if (this.state === s) return;
    this.state = s;
    document.documentElement.dataset.live = s;
    this.emit(STATE_EVENT, { type: STATE_EVENT, state: s });
  }

  /** Connects (once) and subscribes to `topics` (agency, clients, alerts, notices, tickets, leads). */
  start(topics) {
    if (topics) this.topics = topics;
    this.wanted = true;
    if (!this.socket) this.open();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.timer);
    if (this.socket) { const s = this.socket; this.socket = null; s.close(1000); }
    this.lastSeq = null;
    this.connectedOnce = false;
    this.setState('offline');
  }

  /** Drops the socket as a network failure would (used by tests and the "reconnect" button). */
  drop() { if (this.socket) this.socket.close(4000, 'client drop'); }

  open() {
    const hello = this.hello();
    if (!hello) { this.setState('offline'); return; }
    this.setState(this.connectedOnce ? 'reconnecting' : 'connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // The token goes in the first message rather than the URL: URLs end up in proxy and browser logs (and
    // the server keeps the upgrade request for the socket's life).
    const ws = new WebSocket(`${proto}//${location.host}/ws`);
    this.socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify(hello));
      ws.send(JSON.stringify({ op: 'subscribe', topics: this.topics, since: this.lastSeq }));
    };
    ws.onmessage = ev => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      if (msg.seq !== undefined && msg.seq !== null) this.lastSeq = msg.seq;
      // Live once the server has answered the subscription (its snapshot), not when the socket opens:
      // until then an alert published meanwhile would not reach this socket.
      if (msg.type === 'snapshot') { this.attempt = 0; this.connectedOnce = true; this.setState('live'); }
      if (msg.type === 'snapshot' && msg.recovered === false) this.emit('resync', msg);
      // Several clients' counters due at once arrive as one frame: pages see one message per client.
      if (msg.type === 'counters' && Array.isArray(msg.items)) msg.items.forEach(m => this.emit(m.type, m));
      else this.emit(msg.type, msg);
    };
    ws.onclose = ev => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (!this.wanted) { this.setState('offline'); return; }
      if (ev.code >= 4500 && ev.code <= 4999) { this.setState('offline'); this.emit('revoked', { code: ev.code, reason: ev.reason }); return; }
      this.setState('reconnecting');
      const delay = Math.min(10000, 300 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt++;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.open(), delay);
    };
    ws.onerror = () => { /* onclose follows and schedules the reconnect */ };
  }
}

export const live = new LiveClient();
window.__beaconLive = live;   // for browser tests (drop the socket, read the state)
