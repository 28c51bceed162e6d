// The client barometer, shared by the home page, the wall board and the read-only board page of a
// wall-board link: KPI tiles for performance and brand with change vs the previous period, the spend trend,
// top 10 performance clients, the finance card, the alert feed, platform news and messages. Everything moves
// while spend flows: counter messages update the top-10 cells at once and re-read the read models
// (throttled); alerts and notices are prepended as they come. It needs no app shell (ctx gives api, live, …).
import { t, noticeText, label } from './i18n.js';
import * as fmt from './format.js';
import { kpiTiles, trendChart, renderTrend, topTable, applyCounters, alertItem, throttled, itemsOf, dateField } from './widgets.js';

/** The barometer, shared by the home page and the wall board (wall: dark, large, no controls). */
export async function barometer(el, ctx, { wall }) {
  const { api, live } = ctx;
  const state = { range: ctx.params.range || 'today', from: ctx.params.from, to: ctx.params.to, period: 'today', industry: '', attribution: 'billing' };
  const names = new Map();
  const showFinance = !wall && ctx.can('FUNDS_MANAGE');
  el.innerHTML = `
    ${wall ? '' : `<div class="toolbar"><h1 style="flex:1;margin:0">${t('home.title')}</h1>
      <div class="seg" role="group" aria-label="${t('mon.date')}">
        ${['today', 'yesterday', 'custom'].map(r => `<button type="button" data-range="${r}" aria-pressed="${r === state.range}">${t('home.' + r)}</button>`).join('')}</div>
      <span class="custom-range" ${state.range === 'custom' ? '' : 'hidden'}>
        <label>${t('mon.from')} ${dateField({ name: 'from', value: state.from })}</label>
        <label>${t('mon.to')} ${dateField({ name: 'to', value: state.to })}</label></span>
      <a class="btn" href="#/wall" data-testid="wall-link">${t('home.wall')}</a></div>`}
    <section aria-label="${t('home.performance')}"><h2>${t('home.performance')}</h2><div class="kpis" data-group="performance"></div></section>
    <section aria-label="${t('home.brand')}" style="margin-top:12px"><h2>${t('home.brand')}</h2><div class="kpis" data-group="brand"></div></section>
    <div class="grid" style="margin-top:16px">
      <section class="card ${showFinance ? 'span-8' : 'span-12'}"><header><h2>${t('home.trend')}</h2>${wall ? '' : `<a href="#/data">${t('home.more')}</a>`}</header><div class="chart" data-chart></div></section>
      ${showFinance ? `<section class="card span-4" data-testid="finance-card"><header><h2>${t('home.finance')}</h2><a href="#/finance">${t('home.more')}</a></header>
        <div class="fin"><div><div class="muted">${t('home.agencyBalance')}</div><div class="value" data-fin="agencyBalanceFen">—</div></div>
        <div><div class="muted">${t('home.available')}</div><div class="value" data-fin="availableFen">—</div></div>
        <div><div class="muted">${t('home.frozen')}</div><div class="value" data-fin="frozenFen">—</div></div></div>
        <p><a href="#/finance?tab=spend">${t('home.spendDetail')}</a></p></section>` : ''}
      <section class="card span-8"><header><h2>${t('home.top10')}</h2>
        ${wall ? '' : `<div class="seg" role="group" aria-label="period">${['today', 'yesterday', '7d', '30d'].map(p =>
          `<button type="button" data-period="${p}" aria-pressed="${p === state.period}">${t(p === '7d' ? 'home.d7' : p === '30d' ? 'home.d30' : 'home.' + p)}</button>`).join('')}</div>
        <label class="sr-only" for="top-industry">${t('col.industry')}</label><select id="top-industry" data-industry><option value="">${t('home.allIndustries')}</option></select>
        <label class="sr-only" for="top-attr">${t('mon.attribution')}</label><select id="top-attr" data-attribution>
          <option value="billing">${t('home.billing')}</option><option value="conversion">${t('home.conversion')}</option></select>`}
        </header><div data-top></div></section>
      <section class="card span-4"><header><h2>${t('home.alerts')}</h2></header><ul class="feed" data-testid="alert-feed" data-alerts aria-live="polite"></ul></section>
      ${wall ? '' : `<section class="card span-12"><header><div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected="true" data-tab="messages">${t('home.messages')} <span class="badge" data-testid="unread" data-unread hidden>0</span></button>
        <button type="button" role="tab" aria-selected="false" data-tab="news">${t('home.news')}</button></div>
        <span class="spacer"></span><a href="#/notices">${t('home.more')}</a></header><ul class="feed" data-notices aria-live="polite"></ul></section>`}
    </div>`;

  const chart = trendChart(el.querySelector('[data-chart]'), { dark: wall });
  const topEl = el.querySelector('[data-top]');
  const alertsEl = el.querySelector('[data-alerts]');
  const noticesEl = el.querySelector('[data-notices]');
  let noticeTab = 'messages';
  let unread = 0;

  const overviewParams = () => (state.range === 'custom' ? { range: 'custom', from: state.from, to: state.to } : { range: state.range });

  async function loadOverview() {
    const o = await api.get('home/overview', overviewParams());
    for (const group of ['performance', 'brand']) {
      const g = o[group];
      kpiTiles(el.querySelector(`[data-group=${group}]`), [
        { key: group + '-spend', label: t('home.spend'), value: fmt.moneyShort(g.spendFen), raw: g.spendFen, change: g.change.spendFen },
        { key: group + '-clients', label: t('home.clientsWithSpend'), value: fmt.count(g.clientsWithSpend), raw: g.clientsWithSpend, change: g.change.clientsWithSpend },
        { key: group + '-arpu', label: t('home.arpu'), value: fmt.money(g.arpuFen), raw: g.arpuFen, change: g.change.arpuFen },
      ]);
    }
    renderTrend(chart, o.trend);
  }

  async function loadTop() {
    const r = await api.get('home/top-clients', { period: state.period, industry: state.industry, attribution: state.attribution });
    r.rows.forEach(x => names.set(x.clientId, x.name));
    topTable(topEl, r.rows, { actions: !wall });
  }

  async function loadFinance() {
    if (!showFinance) return;
    const f = await api.get('home/finance');
    for (const k of ['agencyBalanceFen', 'availableFen', 'frozenFen']) el.querySelector(`[data-fin=${k}]`).textContent = fmt.money(f[k]);
  }

  async function loadIndustries() {
    const sel = el.querySelector('[data-industry]');
    if (!sel) return;
    const r = await api.get('home/industries');
    sel.insertAdjacentHTML('beforeend', r.industries.map(i => `<option value="${fmt.esc(i.industry)}">${fmt.esc(label('industry', i.industry))} (${i.clients})</option>`).join(''));
  }

  async function loadAlerts() {
    const r = await api.optional('alerts', { status: 'open' });
    alertsEl.innerHTML = '';
    const items = itemsOf(r);
    items.forEach(a => alertsEl.appendChild(alertItem(a, names)));
    if (!items.length) alertsEl.innerHTML = `<li class="empty none">${t('home.noAlerts')}</li>`;
  }

  async function loadNotices() {
    if (!noticesEl) return;
    const tab = noticeTab;   // a slower answer for the tab left behind must not overwrite the one shown
    if (tab === 'news') {   // platform news: the platform's announcements, the same for every agency
      const items = itemsOf(await api.optional('announcements', { pageSize: 10 }));
      if (tab !== noticeTab) return;
      noticesEl.innerHTML = items.length ? '' : `<li class="empty none">${t('home.noNews')}</li>`;
      items.forEach(a => noticesEl.appendChild(newsItem(a)));
      return;
    }
    const r = await api.optional('notices', { limit: 20 });
    if (tab !== noticeTab) return;
    const items = itemsOf(r);
    if (r && r.unread !== undefined) setUnread(r.unread);
    noticesEl.innerHTML = items.length ? '' : `<li class="empty none">${t('home.noMessages')}</li>`;
    items.forEach(n => noticesEl.appendChild(noticeItem(n)));
  }

  function newsItem(a) {
    const li = document.createElement('li');
    li.dataset.announcement = a.id;
    const title = fmt.esc(a.title);
    const external = a.link && /^https?:/.test(a.link);
    li.innerHTML = `<span class="kind">${t('home.news')}</span><span class="title" title="${fmt.esc(a.body || '')}">${a.link
      ? `<a href="${fmt.esc(a.link)}" ${external ? 'target="_blank" rel="noopener"' : ''}>${title}</a>` : title}</span><time>${fmt.time(a.publishedAt)}</time>`;
    return li;
  }

  function setUnread(n) {
    unread = Math.max(0, n);
    const b = el.querySelector('[data-unread]');
    if (b) { b.textContent = String(unread); b.hidden = unread === 0; }
  }

  function noticeItem(n) {
    const li = document.createElement('li');
    li.className = n.read || n.readAt ? '' : 'unread';
    li.dataset.notice = n.id;
    const text = noticeText(n);
    li.innerHTML = `<span class="kind">${fmt.esc(t('notice.' + n.kind))}</span><span class="title" title="${fmt.esc(text.body || '')}">${fmt.esc(text.title || '')}</span><time>${fmt.time(n.createdAt || n.at)}</time>${n.link ? `<a class="btn link" href="${fmt.esc(n.link)}">${t('common.view')}</a>` : ''}`;
    li.tabIndex = 0;
    li.addEventListener('click', async () => {
      if (!li.classList.contains('unread')) return;
      try { await api.post(`notices/${n.id}/read`); li.classList.remove('unread'); setUnread(unread - 1); } catch (e) { ctx.toast(e.message, 'error'); }
    });
    return li;
  }

  const guard = p => p.catch(e => { console.error(e); ctx.toast(t('common.error', { msg: e.message }), 'error'); });
  const refreshFigures = throttled(() => {
    if (state.range === 'today' || (state.range === 'custom' && state.to >= today())) guard(loadOverview());
    if (state.period !== 'yesterday') guard(loadTop());
  }, wall ? 2000 : 1500);
  const refreshFinance = throttled(() => guard(loadFinance()), 5000);
  const loadAll = () => Promise.all([loadOverview(), loadTop(), loadFinance(), loadAlerts(), loadNotices()].map(guard));

  // the message / news tabs work while the rest loads (loadNotices keeps only the answer of the tab shown)
  el.querySelectorAll('[data-tab]').forEach(b => b.addEventListener('click', () => {
    noticeTab = b.dataset.tab;
    el.querySelectorAll('[data-tab]').forEach(x => x.setAttribute('aria-selected', String(x === b)));
    guard(loadNotices());
  }));
  await Promise.all([loadAll(), guard(loadIndustries())]);

  if (!wall) {
    el.querySelectorAll('[data-range]').forEach(b => b.addEventListener('click', () => {
      state.range = b.dataset.range;
      el.querySelectorAll('[data-range]').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
      el.querySelector('.custom-range').hidden = state.range !== 'custom';
      if (state.range !== 'custom' || (state.from && state.to)) guard(loadOverview());
    }));
    el.querySelectorAll('.custom-range input').forEach(i => i.addEventListener('change', () => {
      state[i.name] = i.value;
      if (state.from && state.to) guard(loadOverview());
    }));
    el.querySelectorAll('[data-period]').forEach(b => b.addEventListener('click', () => {
      state.period = b.dataset.period;
      el.querySelectorAll('[data-period]').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
      guard(loadTop());
    }));
    el.querySelector('[data-industry]').addEventListener('change', e => { state.industry = e.target.value; guard(loadTop()); });
    el.querySelector('[data-attribution]').addEventListener('change', e => { state.attribution = e.target.value; guard(loadTop()); });
    topEl.addEventListener('click', e => {
      const b = e.target.closest('button[data-act]');
      const id = e.target.closest('tr')?.dataset.client;
      if (!b || !id) return;
      if (b.dataset.act === 'enter') ctx.actAs(id).catch(err => ctx.toast(err.message, 'error'));
      // 广告: the client's row of the delivery table; 数据: the data overview filtered to the client
      else if (b.dataset.act === 'ads') ctx.navigate('monitor', { clientId: id, q: names.get(Number(id)) || '' });
      else ctx.navigate('data', { client: id });
    });
  }

  const offs = [
    live.on('counters', m => {
      if (state.period === 'today' && m.counters) applyCounters(topEl, m.clientId, m.counters);
      refreshFigures();
    }),
    live.on('totals', refreshFigures),
    live.on('alert', m => {
      alertsEl.querySelector('.none')?.remove();
      const a = m.alert ? { ...m.alert, type: m.type } : m;
      alertsEl.querySelector(`li[data-alert="${a.id}"]`)?.remove();
      const li = alertItem(a, names);
      li.classList.add('new');
      alertsEl.prepend(li);
      refreshFinance();
    }),
    live.on('alert-cleared', m => {
      const a = m.alert ? { ...m.alert, type: m.type } : m;
      const open = a.id != null ? alertsEl.querySelector(`li[data-alert="${a.id}"]`) : null;
      if (open) open.replaceWith(alertItem(a, names)); else { const li = alertItem(a, names); li.classList.add('new'); alertsEl.prepend(li); }
      refreshFigures();
    }),
    live.on('notice', m => {
      if (!noticesEl) return;
      if (noticeTab === 'news') { setUnread(unread + 1); return; }
      const n = m.notice || m;
      noticesEl.querySelector('.none')?.remove();
      const li = noticeItem(n);
      li.classList.add('new');
      noticesEl.prepend(li);
      setUnread(unread + 1);
    }),
    live.on('resync', () => loadAll()),
    live.on('state', s => { if (s.state === 'live') loadAll(); }),
  ];
  return () => { offs.forEach(off => off()); chart.dispose(); };
}

function today() { return new Date().toISOString().slice(0, 10); }
