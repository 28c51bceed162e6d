// Client view: after switching into a client (or for an advertiser's own identity) — the client's
// own home with its live counters and open alerts, clearly marked as the client's view.
import { registerPage } from '../app.js';
import { t, registerMessages } from '../i18n.js';
import * as fmt from '../format.js';
import { kpiTiles, alertItem, itemsOf, trendChart, throttled, withPartialLast } from '../widgets.js';

registerMessages({
  'zh-CN': { 'client.projected': '预计今日消耗', 'client.balanceZero': '余额预计耗尽' },
  en: { 'client.projected': 'Projected today', 'client.balanceZero': 'Balance runs out' },
});

registerPage('client', {
  title: { 'zh-CN': '委托人首页', en: 'Client home' },
  identity: 'client',
  nav: true,
  order: 10,
  async render(el, ctx) {
    const { api, live, me } = ctx;
    const clientId = Number(me.actingClientId || me.clientId || ctx.params.id);
    el.innerHTML = `<p class="client-banner" data-testid="client-banner" role="note"></p>
      <h1>${t('client.title')}</h1>
      <section aria-label="${t('client.today')}"><h2>${t('client.today')}</h2><div class="kpis" data-kpis></div></section>
      <div class="grid" style="margin-top:16px">
        <section class="card span-8"><header><h2>${t('home.trend')}</h2></header><div class="chart" data-chart></div></section>
        <section class="card span-4"><header><h2>${t('client.alerts')}</h2></header><ul class="feed" data-alerts></ul></section></div>`;
    const chart = trendChart(el.querySelector('[data-chart]'));
    let name = '';
    let pacing = null;   // today's projection at the current rate (GET clients/{id}/live); counters messages do not carry it

    function tiles(c) {
      kpiTiles(el.querySelector('[data-kpis]'), [
        { key: 'spend', label: t('col.spend'), value: fmt.money(c.spendFen) },
        { key: 'balance', label: t('col.balance'), value: fmt.money(c.balanceFen) },
        { key: 'budget', label: t('col.budget'), value: fmt.money(c.dailyBudgetFen) },
        { key: 'budgetUsed', label: t('col.budgetUsed'), value: c.budgetUsedPct == null ? '—' : Number(c.budgetUsedPct).toFixed(0) + '%' },
        { key: 'impressions', label: t('col.impressions'), value: fmt.count(c.impressions) },
        { key: 'clicks', label: t('col.clicks'), value: fmt.count(c.clicks) },
        { key: 'conversions', label: t('col.conversions'), value: fmt.count(c.conversions) },
        { key: 'projected', label: t('client.projected'), value: pacing ? fmt.money(pacing.projectedSpendFen) : '—' },
        { key: 'balanceZero', label: t('client.balanceZero'), value: pacing?.balanceZeroAt ? fmt.time(pacing.balanceZeroAt) : '—' },
      ]);
    }

    async function load() {
      const month = await api.get('monitor/clients', { range: '30d', pageSize: 1 });
      const row = month.rows.find(r => r.clientId === clientId) || month.rows[0];
      if (row) name = row.name;
      el.querySelector('[data-client-banner], .client-banner').textContent = t('client.marked', { name: name || '#' + clientId });
      // the last day is today, still running: marked as partial rather than drawn as a fall
      const split = withPartialLast(month.totals.trend.map(p => p.spendFen));
      chart.update(month.totals.trend.map(p => p.label), [{ name: t('col.spend'), values: split.complete },
        ...(split.partial ? [{ name: t('col.spend') + ' · ' + t('chart.partialDay'), values: split.partial, partial: true }] : [])]);
      const today = await api.get('monitor/clients', { range: 'today', pageSize: 1 });
      const liveCounters = await api.optional(`clients/${clientId}/live`);
      pacing = liveCounters?.pacing || pacing;
      tiles({ ...(today.rows[0] || {}), ...((liveCounters && (liveCounters.counters || liveCounters)) || {}) });
      const alerts = itemsOf(liveCounters && liveCounters.alerts ? liveCounters.alerts : await api.optional('alerts', { status: 'open' }));
      const feed = el.querySelector('[data-alerts]');
      feed.innerHTML = alerts.length ? '' : `<li class="empty none">${t('home.noAlerts')}</li>`;
      alerts.forEach(a => feed.appendChild(alertItem({ clientName: name, ...a })));
    }
    await load();
    const refresh = throttled(() => load().catch(() => {}), 2000);
    const offs = [
      live.on('counters', m => { if (m.clientId === clientId && m.counters) tiles(m.counters); }),
      live.on('alert', m => { if (m.clientId === clientId) refresh(); }),
      live.on('alert-cleared', m => { if (m.clientId === clientId) refresh(); }),
      live.on('resync', refresh),
    ];
    return () => { offs.forEach(o => o()); chart.dispose(); };
  },
});
