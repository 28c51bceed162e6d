// Data overview (D1–D4): filters (client, marketing goal, attribution, hour/day granularity and range,
// compare with history), the nine metrics with change and trend, top-5 panels that drill down
// industry → client → goal → event inside each panel, and the detail table with a dimension and column
// picker whose choices are saved as named templates. Figures come from the persisted aggregates.
import { registerPage } from '../app.js';
import { ApiError } from '../api.js';
import { registerMessages, t, label } from '../i18n.js';
import * as fmt from '../format.js';
import { kpiTiles, latestOnly, withPartialLast } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'data.title': '数据概览', 'data.client': '委托人', 'data.allClients': '全部委托人', 'data.clientSearch': '搜索委托人',
    'data.clear': '清除', 'data.goal': '营销目标', 'data.allGoals': '全部目标', 'data.granularity': '时间粒度',
    'data.hour': '分时', 'data.day': '分日', 'data.range': '时间范围', 'data.d90': '近90天', 'data.d180': '近180天',
    'data.compare': '对比历史', 'data.metrics': '核心指标', 'data.trend': '趋势', 'data.trendOf': '趋势指标',
    'data.previous': '上一周期', 'data.top': 'Top 5', 'data.share': '占比', 'data.noData': '暂无数据',
    'data.byIndustry': '行业', 'data.byClient': '委托人', 'data.byGoal': '营销目标', 'data.byEvent': '转化事件',
    'data.all': '全部', 'data.drillHint': '点击下钻',
    'data.detail': '数据明细', 'data.dimensions': '维度', 'data.columns': '指标列', 'data.needsClient': '需先选择委托人',
    'data.template': '模板', 'data.noTemplate': '（未选择模板）', 'data.saveTemplate': '保存为模板', 'data.deleteTemplate': '删除模板',
    'data.templateName': '模板名称', 'data.templateSaved': '模板已保存', 'data.templateDeleted': '模板已删除',
    'data.rows': '共 {n} 行', 'data.asOf': '数据截至 {t}（今日数据来自已落库的小时汇总，约有数秒延迟）',
    'dim.time': '时间', 'dim.client': '委托人', 'dim.goal': '营销目标', 'dim.event': '转化事件', 'dim.campaign': '计划', 'dim.unit': '单元',
    'm.spend': '消耗', 'm.impressions': '展现', 'm.cpm': '千次展现成本', 'm.clicks': '点击', 'm.ctr': '点击率',
    'm.cpc': '平均点击成本', 'm.conversions': '转化数', 'm.cvr': '转化率', 'm.cost': '平均转化成本',
  },
  en: {
    'data.title': 'Data overview', 'data.client': 'Client', 'data.allClients': 'All clients', 'data.clientSearch': 'Search clients',
    'data.clear': 'Clear', 'data.goal': 'Marketing goal', 'data.allGoals': 'All goals', 'data.granularity': 'Granularity',
    'data.hour': 'By hour', 'data.day': 'By day', 'data.range': 'Range', 'data.d90': 'Last 90 days', 'data.d180': 'Last 180 days',
    'data.compare': 'Compare with history', 'data.metrics': 'Key metrics', 'data.trend': 'Trend', 'data.trendOf': 'Trend metric',
    'data.previous': 'Previous period', 'data.top': 'Top 5', 'data.share': 'Share', 'data.noData': 'No data',
    'data.byIndustry': 'Industry', 'data.byClient': 'Client', 'data.byGoal': 'Marketing goal', 'data.byEvent': 'Conversion event',
    'data.all': 'All', 'data.drillHint': 'Select to drill down',
    'data.detail': 'Detail', 'data.dimensions': 'Dimensions', 'data.columns': 'Columns', 'data.needsClient': 'Choose a client first',
    'data.template': 'Template', 'data.noTemplate': '(no template)', 'data.saveTemplate': 'Save as template', 'data.deleteTemplate': 'Delete template',
    'data.templateName': 'Template name', 'data.templateSaved': 'Template saved', 'data.templateDeleted': 'Template deleted',
    'data.rows': '{n} rows', 'data.asOf': 'As of {t} (today comes from the persisted hourly aggregates, a few seconds behind)',
    'dim.time': 'Time', 'dim.client': 'Client', 'dim.goal': 'Goal', 'dim.event': 'Conversion event', 'dim.campaign': 'Campaign', 'dim.unit': 'Unit',
    'm.spend': 'Spend', 'm.impressions': 'Impressions', 'm.cpm': 'CPM', 'm.clicks': 'Clicks', 'm.ctr': 'CTR',
    'm.cpc': 'Avg. CPC', 'm.conversions': 'Conversions', 'm.cvr': 'CVR', 'm.cost': 'Avg. CPA',
  },
});

/** The nine metrics (D2): column id, field of the API, formatter. */
const METRICS = [
  { id: 'spend', field: 'spendFen', f: fmt.money, money: true },
  { id: 'impressions', field: 'impressions', f: fmt.count },
  { id: 'cpm', field: 'cpmFen', f: fmt.money, money: true },
  { id: 'clicks', field: 'clicks', f: fmt.count },
  { id: 'ctr', field: 'ctr', f: v => fmt.pct(v) },
  { id: 'cpc', field: 'cpcFen', f: fmt.money, money: true },
  { id: 'conversions', field: 'conversions', f: fmt.count },
  { id: 'cvr', field: 'cvr', f: v => fmt.pct(v) },
  { id: 'cost', field: 'cpaFen', f: fmt.money, money: true },
];
const DIMENSIONS = ['time', 'client', 'goal', 'event', 'campaign', 'unit'];
const DEFAULT_COLUMNS = ['impressions', 'clicks', 'spend', 'conversions', 'cost'];
/** Drill chains of the top-5 panels: each panel stays on its own chain (never across dimensions). */
const DRILL = ['industry', 'client', 'goal', 'event'];
const PANELS = [{ start: 'industry', label: 'data.byIndustry' }, { start: 'client', label: 'data.byClient' },
  { start: 'goal', label: 'data.byGoal' }, { start: 'event', label: 'data.byEvent' }];
const RANGES = { hour: ['today', 'yesterday', '7d', 'custom'], day: ['today', 'yesterday', '7d', '30d', '90d', '180d', 'custom'] };
/** yyyy-mm-dd of a moment in the browser's zone (the agency's, for the people using it). */
const localDay = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const DIM_LABELS = { industry: 'industry', goal: 'goal', event: 'event' };
const PATH_PARAM = { industry: 'pathIndustry', client: 'pathClientId', goal: 'pathGoal' };

const STYLE = `
[data-page=data] .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
[data-page=data] .client-pick { position: relative; }
[data-page=data] .client-pick ul { position: absolute; z-index: 5; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none;
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; max-height: 260px; overflow: auto; }
[data-page=data] .client-pick li { padding: 6px 8px; cursor: pointer; }
[data-page=data] .client-pick li:hover, [data-page=data] .client-pick li:focus { background: var(--line); }
[data-page=data] .chip { display: inline-flex; gap: 4px; align-items: center; border: 1px solid var(--line); border-radius: 12px; padding: 2px 8px; }
[data-page=data] .kpis { grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
[data-page=data] .crumbs { display: flex; flex-wrap: wrap; gap: 2px; font-size: 13px; margin: 0 0 6px; padding: 0; list-style: none; }
[data-page=data] .crumbs li + li::before { content: '›'; margin: 0 4px; color: var(--muted); }
[data-page=data] .crumbs button { border: 0; background: none; color: var(--brand); cursor: pointer; padding: 0; font: inherit; }
[data-page=data] .crumbs [aria-current] { color: var(--text); }
[data-page=data] .shares { list-style: none; margin: 0; padding: 0; }
[data-page=data] .shares li button, [data-page=data] .shares li .row { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 8px;
  width: 100%; text-align: left; border: 0; background: none; padding: 6px 0; cursor: pointer; color: var(--text); font: inherit; }
[data-page=data] .shares li .row { cursor: default; }
[data-page=data] .shares .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
[data-page=data] .shares .bar { grid-column: 1 / -1; display: block; width: auto; height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; }
[data-page=data] .shares .bar i { display: block; height: 100%; background: var(--brand); }
[data-page=data] fieldset.pick { display: flex; flex-wrap: wrap; gap: 4px 12px; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 0; }
[data-page=data] fieldset.pick legend { font-size: 13px; color: var(--muted); }
[data-page=data] .chart { height: 240px; }
@media (max-width: 640px) { [data-page=data] .chart { height: 200px; } [data-page=data] .kpi .value { font-size: 20px; } }
`;

registerPage('data', {
  title: { 'zh-CN': '数据', en: 'Data' },
  nav: true,
  order: 25,
  capability: 'CLIENTS_VIEW',
  identity: 'any',
  async render(el, ctx) {
    const { api, params } = ctx;
    const s = {
      clientId: params.client || '', clientName: '', goal: params.goal || '', attribution: params.attribution || 'billing',
      // a day chart of one day is one point: by day the page opens on the last 7 days, by hour on today
      granularity: params.granularity === 'hour' ? 'hour' : 'day', range: params.range || (params.granularity === 'hour' ? 'today' : '7d'), from: params.from || '', to: params.to || '',
      compare: params.compare === 'true', trendMetric: 'spend',
      dimensions: ['client'], columns: [...DEFAULT_COLUMNS], page: 1, pageSize: 20, template: '',
    };
    if (!RANGES[s.granularity].includes(s.range)) s.range = 'today';
    const panels = PANELS.map(p => ({ ...p, path: [] }));   // path: [{dim, key, label}]
    let overview = null;
    let templates = [];

    el.dataset.page = 'data';
    el.innerHTML = `<style>${STYLE}</style><h1>${t('data.title')}</h1>
      <form class="toolbar filters" data-filters role="search" aria-label="${t('data.title')}">
        <div class="client-pick"><label for="data-client">${t('data.client')}</label>
          <span data-client-chip></span>
          <input id="data-client" type="search" autocomplete="off" placeholder="${t('data.clientSearch')}" data-testid="data-client-search"
            role="combobox" aria-expanded="false" aria-controls="data-client-results" aria-autocomplete="list">
          <ul id="data-client-results" role="listbox" hidden></ul></div>
        <label>${t('data.goal')} <select name="goal" id="data-goals"><option value="">${t('data.allGoals')}</option>
          ${s.goal ? `<option value="${fmt.esc(s.goal)}" selected>${fmt.esc(label('goal', s.goal))}</option>` : ''}</select></label>
        <label>${t('mon.attribution')} <select name="attribution">
          <option value="billing">${t('home.billing')}</option><option value="conversion">${t('home.conversion')}</option></select></label>
        <div class="seg" role="group" aria-label="${t('data.granularity')}">
          ${['day', 'hour'].map(g => `<button type="button" data-granularity="${g}" aria-pressed="${g === s.granularity}">${t('data.' + g)}</button>`).join('')}</div>
        <label>${t('data.range')} <select name="range" data-range></select></label>
        <span data-custom hidden><label>${t('mon.from')} <input type="date" name="from" value="${s.from}"></label>
          <label>${t('mon.to')} <input type="date" name="to" value="${s.to}"></label></span>
        <label><input type="checkbox" name="compare" ${s.compare ? 'checked' : ''}> ${t('data.compare')}</label>
      </form>
      <p class="form-error" role="alert" data-error></p>
      <section class="card" aria-labelledby="data-metrics-h"><header><h2 id="data-metrics-h">${t('data.metrics')}</h2>
        <span class="muted" data-asof></span></header>
        <div class="kpis" data-kpis data-testid="data-kpis"></div>
        <header style="margin-top:12px"><h3 style="margin:0;flex:1">${t('data.trend')}</h3>
          <label>${t('data.trendOf')} <select data-trend-metric>${METRICS.map(m => `<option value="${m.id}">${t('m.' + m.id)}</option>`).join('')}</select></label></header>
        <div class="chart" data-chart role="img" aria-label="${t('data.trend')}"></div></section>
      <div class="grid" style="margin-top:12px">${panels.map((p, i) => `
        <section class="card span-6" data-panel="${i}" data-testid="top-${p.start}" aria-labelledby="data-top-${i}">
          <header><h2 id="data-top-${i}">${t('data.top')} · ${t(p.label)}</h2></header>
          <ol class="crumbs" aria-label="${t(p.label)}" data-crumbs></ol><ul class="shares" data-shares aria-live="polite"></ul></section>`).join('')}</div>
      <section class="card" style="margin-top:12px" aria-labelledby="data-detail-h"><header><h2 id="data-detail-h">${t('data.detail')}</h2>
        <label>${t('data.template')} <select data-template data-testid="data-template"></select></label>
        <button type="button" class="btn" data-act="save-template">${t('data.saveTemplate')}</button>
        <button type="button" class="btn ghost" data-act="delete-template" disabled>${t('data.deleteTemplate')}</button>
        ${ctx.can('EXPORTS') ? `<button type="button" class="btn" data-act="export">${t('task.download')}</button>` : ''}</header>
        <div class="toolbar">
          <fieldset class="pick" data-dims><legend>${t('data.dimensions')}</legend>${DIMENSIONS.map(d =>
            `<label><input type="checkbox" value="${d}" data-testid="dim-${d}"> ${t('dim.' + d)}</label>`).join('')}</fieldset>
          <fieldset class="pick" data-cols><legend>${t('data.columns')}</legend>${METRICS.map(m =>
            `<label><input type="checkbox" value="${m.id}"> ${t('m.' + m.id)}</label>`).join('')}</fieldset></div>
        <div class="table-wrap"><table class="data" data-testid="data-detail"><thead></thead><tbody></tbody></table></div>
        <div class="pager"><span data-count></span><button type="button" class="btn" data-page="-1">${t('mon.prev')}</button>
          <span data-pageno></span><button type="button" class="btn" data-page="1">${t('mon.next')}</button></div></section>`;

    const form = el.querySelector('[data-filters]');
    const errorEl = el.querySelector('[data-error]');
    form.attribution.value = s.attribution;
    const chartEl = el.querySelector('[data-chart]');
    const chart = window.echarts ? window.echarts.init(chartEl, null, { renderer: 'canvas' }) : null;
    const resize = () => chart && chart.resize();
    window.addEventListener('resize', resize);

    const filterParams = () => ({
      attribution: s.attribution, granularity: s.granularity, range: s.range, clientId: s.clientId, goal: s.goal,
      ...(s.range === 'custom' ? { from: s.from, to: s.to } : {}),
    });

    function showError(e) {
      if (e instanceof ApiError && e.errors && e.errors.length) errorEl.textContent = e.errors.map(x => `${x.field}: ${x.message}`).join('; ');
      else errorEl.textContent = e.message;
    }

    // ---------------------------------------------------------------- filters
    function renderRanges() {
      const sel = el.querySelector('[data-range]');
      const label = r => t(r === '7d' ? 'home.d7' : r === '30d' ? 'home.d30' : r === '90d' ? 'data.d90' : r === '180d' ? 'data.d180' : 'home.' + r);
      sel.innerHTML = RANGES[s.granularity].map(r => `<option value="${r}" ${r === s.range ? 'selected' : ''}>${label(r)}</option>`).join('');
      el.querySelector('[data-custom]').hidden = s.range !== 'custom';
    }

    function renderClientChip() {
      const chip = el.querySelector('[data-client-chip]');
      chip.innerHTML = s.clientId ? `<span class="chip" data-testid="data-client-chip">${fmt.esc(s.clientName || '#' + s.clientId)}
        <button type="button" class="btn link" data-act="clear-client" aria-label="${t('data.clear')}">×</button></span>` : `<span class="muted">${t('data.allClients')}</span>`;
      chip.querySelector('[data-act=clear-client]')?.addEventListener('click', () => { s.clientId = ''; s.clientName = ''; filtersChanged(); });
      el.querySelectorAll('[data-dims] input').forEach(i => {
        const needsClient = i.value === 'campaign' || i.value === 'unit';
        i.disabled = needsClient && !s.clientId;
        i.parentElement.title = i.disabled ? t('data.needsClient') : '';
        if (i.disabled) i.checked = false;
      });
      if (!s.clientId) s.dimensions = s.dimensions.filter(d => d !== 'campaign' && d !== 'unit');
      if (!s.dimensions.length) s.dimensions = ['client'];
    }

    const search = el.querySelector('#data-client');
    const results = el.querySelector('#data-client-results');
    let searchTimer = null;
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(async () => {
        const q = search.value.trim();
        if (!q) { results.hidden = true; search.setAttribute('aria-expanded', 'false'); return; }
        try {
          const r = await api.get('monitor/clients', { q, pageSize: 8, range: 'today' });
          results.innerHTML = (r.rows || []).map(c => `<li role="option" tabindex="-1" data-id="${c.clientId}" data-name="${fmt.esc(c.name)}">${fmt.esc(c.name)} <small>${fmt.esc(c.pid || '')}</small></li>`).join('')
            || `<li class="empty">${t('common.none')}</li>`;
          results.hidden = false;
          search.setAttribute('aria-expanded', 'true');
        } catch { results.hidden = true; }
      }, 200);
    });
    search.addEventListener('keydown', e => { if (e.key === 'ArrowDown') { e.preventDefault(); results.querySelector('li[data-id]')?.focus(); } });
    const choose = li => {
      if (!li?.dataset.id) return;
      s.clientId = li.dataset.id;
      s.clientName = li.dataset.name;
      search.value = '';
      results.hidden = true;
      search.setAttribute('aria-expanded', 'false');
      filtersChanged();
    };
    results.addEventListener('click', e => choose(e.target.closest('li')));
    results.addEventListener('keydown', e => {
      const li = e.target.closest('li');
      if (e.key === 'Enter') { e.preventDefault(); choose(li); }
      if (e.key === 'ArrowDown') { e.preventDefault(); li?.nextElementSibling?.focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (li?.previousElementSibling || search).focus(); }
      if (e.key === 'Escape') { results.hidden = true; search.focus(); }
    });

    form.addEventListener('change', e => {
      const f = e.target;
      if (!f.name) return;
      if (f.name === 'compare') { s.compare = f.checked; loadOverview(); return; }
      s[f.name] = f.value.trim();
      if (f.name === 'range') el.querySelector('[data-custom]').hidden = s.range !== 'custom';
      if (s.range === 'custom' && (!s.from || !s.to)) return;
      filtersChanged();
    });
    form.addEventListener('submit', e => e.preventDefault());
    el.querySelectorAll('[data-granularity]').forEach(b => b.addEventListener('click', () => {
      s.granularity = b.dataset.granularity;
      el.querySelectorAll('[data-granularity]').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
      if (!RANGES[s.granularity].includes(s.range)) s.range = 'today';
      if (s.granularity === 'day' && s.range === 'today') s.range = '7d';
      renderRanges();
      filtersChanged();
    }));
    el.querySelector('[data-trend-metric]').addEventListener('change', e => { s.trendMetric = e.target.value; drawTrend(); });

    function filtersChanged() {
      errorEl.textContent = '';
      s.page = 1;
      panels.forEach(p => { p.path = []; });
      renderClientChip();
      loadAll();
    }

    // ---------------------------------------------------------------- metrics and trend
    const overviewTurn = latestOnly();
    async function loadOverview() {
      const current = overviewTurn();
      let r;
      try {
        r = await api.get('data/overview', { ...filterParams(), compare: s.compare });
      } catch (e) { showError(e); return; }
      if (!current()) return;
      overview = r;
      const m = overview.metrics;
      const change = overview.change || {};
      kpiTiles(el.querySelector('[data-kpis]'), METRICS.map(x => ({
        key: x.id, label: t('m.' + x.id), value: x.money ? fmt.moneyShort(m[x.field]) : x.f(m[x.field]), raw: m[x.field],
        change: s.compare ? change[x.field] : null,
      })));
      el.querySelector('[data-asof]').textContent = t('data.asOf', { t: fmt.time(overview.asOf) });
      drawTrend();
    }

    function drawTrend() {
      if (!chart || !overview) return;
      const metric = METRICS.find(x => x.id === s.trendMetric);
      const value = p => (p[metric.field] == null ? null : metric.money ? p[metric.field] / 100 : p[metric.field]);
      const label = time => (s.granularity === 'hour' ? time.slice(5).replace('T', ' ') : time.slice(5));
      // an hour still to come has no figures yet (null, not 0); the hour running now is marked as partial
      const now = new Date();
      const future = p => s.granularity === 'hour' && new Date(p.time.length > 13 ? p.time : p.time + ':00') > now;
      const values = overview.trend.map(p => (future(p) ? null : value(p)));
      // by day, today is still running too: its point is marked the same way
      const last = overview.trend[overview.trend.length - 1];
      const todayRunning = s.granularity === 'day' && last && last.time.slice(0, 10) === localDay(now);
      const partialName = t(s.granularity === 'hour' ? 'chart.partial' : 'chart.partialDay');
      const split = (s.granularity === 'hour' && overview.trend.some(future)) || todayRunning ? withPartialLast(values) : { complete: values, partial: null };
      const series = [{ name: t('m.' + metric.id), type: 'line', showSymbol: false, areaStyle: { opacity: 0.08 }, color: '#1664ff', data: split.complete }];
      if (split.partial) {
        series.push({ name: t('m.' + metric.id) + ' · ' + partialName, type: 'line', symbolSize: 7, color: '#1664ff',
          lineStyle: { type: 'dashed', width: 2 }, data: split.partial });
      }
      if (overview.previous) {
        series.push({ name: t('data.previous'), type: 'line', showSymbol: false, lineStyle: { type: 'dashed', width: 1 },
          data: overview.previous.trend.map(value) });
      }
      chart.setOption({
        animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 64, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: overview.trend.map(p => label(p.time)) },
        yAxis: { type: 'value', axisLabel: { formatter: v => (metric.id === 'ctr' || metric.id === 'cvr' ? (v * 100).toFixed(1) + '%' : metric.money ? fmt.axisMoney(v) : fmt.countShort(v)) } },
        series,
      }, true);
    }

    // ---------------------------------------------------------------- top 5 with drill-down
    const dimensionOf = p => (p.path.length ? DRILL[DRILL.indexOf(p.path[p.path.length - 1].dim) + 1] : p.start);

    const panelTurns = panels.map(() => latestOnly());
    async function loadPanel(i) {
      const current = panelTurns[i]();
      const p = panels[i];
      const box = el.querySelector(`[data-panel="${i}"]`);
      const dim = dimensionOf(p);
      const q = { ...filterParams(), dimension: dim };
      p.path.forEach(x => { q[PATH_PARAM[x.dim]] = x.key; });
      const crumbs = [{ label: t('data.all') + ' · ' + t(p.label) }, ...p.path.map(x => ({ label: x.label }))];
      box.querySelector('[data-crumbs]').innerHTML = crumbs.map((c, n) => n === crumbs.length - 1
        ? `<li><span aria-current="location">${fmt.esc(c.label)}</span></li>`
        : `<li><button type="button" data-crumb="${n}">${fmt.esc(c.label)}</button></li>`).join('');
      let r;
      try { r = await api.get('data/top', q); } catch (e) { showError(e); return; }
      if (!current()) return;
      if (dim === 'goal' && !p.path.length) {
        el.querySelector('#data-goals').innerHTML = `<option value="">${t('data.allGoals')}</option>` + r.rows.map(x =>
          `<option value="${fmt.esc(x.key)}" ${x.key === s.goal ? 'selected' : ''}>${fmt.esc(label('goal', x.key))}</option>`).join('');
      }
      const drillable = dim !== 'event';
      // industries, goals and events arrive as codes: shown by their catalogue labels
      r.rows.forEach(x => { if (DIM_LABELS[dim]) x.label = label(DIM_LABELS[dim], x.key); });
      box.querySelector('[data-shares]').innerHTML = r.rows.length ? r.rows.map(x => {
        const inner = `<span class="name">${fmt.esc(x.label)}</span><span>${fmt.money(x.spendFen)} · ${fmt.pct(x.share, 1)}</span>
          <span class="bar" aria-hidden="true"><i style="width:${Math.round((x.share || 0) * 100)}%"></i></span>`;
        return `<li>${drillable ? `<button type="button" data-key="${fmt.esc(x.key)}" data-label="${fmt.esc(x.label)}" title="${t('data.drillHint')}">${inner}</button>` : `<div class="row">${inner}</div>`}</li>`;
      }).join('') : `<li class="muted">${t('data.noData')}</li>`;
    }

    el.querySelectorAll('[data-panel]').forEach(box => box.addEventListener('click', e => {
      const i = Number(box.dataset.panel);
      const p = panels[i];
      const crumb = e.target.closest('[data-crumb]');
      if (crumb) { p.path = p.path.slice(0, Number(crumb.dataset.crumb)); loadPanel(i); return; }
      const row = e.target.closest('button[data-key]');
      if (!row) return;
      p.path = [...p.path, { dim: dimensionOf(p), key: row.dataset.key, label: row.dataset.label }];
      loadPanel(i).then(() => box.querySelector('[data-crumbs] [aria-current]')?.focus());
    }));

    // ---------------------------------------------------------------- detail table and templates
    function syncPickers() {
      el.querySelectorAll('[data-dims] input').forEach(i => { i.checked = s.dimensions.includes(i.value); });
      el.querySelectorAll('[data-cols] input').forEach(i => { i.checked = s.columns.includes(i.value); });
      el.querySelector('[data-act=delete-template]').disabled = !s.template;
    }

    el.querySelector('[data-dims]').addEventListener('change', () => {
      const chosen = [...el.querySelectorAll('[data-dims] input:checked')].map(i => i.value);
      if (!chosen.length) { syncPickers(); return; }
      s.dimensions = chosen;
      s.page = 1;
      loadDetail();
    });
    el.querySelector('[data-cols]').addEventListener('change', () => {
      const chosen = [...el.querySelectorAll('[data-cols] input:checked')].map(i => i.value);
      if (!chosen.length) { syncPickers(); return; }
      s.columns = METRICS.map(m => m.id).filter(id => chosen.includes(id));
      loadDetail();
    });
    el.querySelectorAll('[data-page]').forEach(b => b.addEventListener('click', () => { s.page += Number(b.dataset.page); loadDetail(); }));

    const detailTurn = latestOnly();
    async function loadDetail() {
      const current = detailTurn();
      syncPickers();
      let r;
      try {
        r = await api.get('data/detail', { ...filterParams(), dimensions: s.dimensions.join(','), columns: s.columns.join(','), page: s.page, pageSize: s.pageSize });
      } catch (e) { showError(e); return; }
      if (!current()) return;
      const dims = r.dimensions;
      const cols = r.columns.map(id => METRICS.find(m => m.id === id));
      el.querySelector('[data-testid=data-detail] thead').innerHTML = `<tr>${dims.map(d => `<th scope="col" class="text">${t('dim.' + d)}</th>`).join('')}
        ${cols.map(m => `<th scope="col">${t('m.' + m.id)}</th>`).join('')}</tr>`;
      const cell = (row, d) => ({ time: row.time && row.time.replace('T', ' '), client: row.clientName, goal: label('goal', row.goal), event: label('event', row.event),
        campaign: row.campaignId, unit: row.unitId })[d];
      el.querySelector('[data-testid=data-detail] tbody').innerHTML = r.rows.length ? r.rows.map(row => `<tr>
        ${dims.map(d => `<td class="text">${fmt.esc(cell(row, d))}</td>`).join('')}${cols.map(m => `<td>${m.f(row[m.field])}</td>`).join('')}</tr>`).join('')
        : `<tr><td colspan="${dims.length + cols.length}" class="empty">${t('data.noData')}</td></tr>`;
      el.querySelector('[data-count]').textContent = t('data.rows', { n: r.total });
      const pages = Math.max(1, Math.ceil(r.total / s.pageSize));
      el.querySelector('[data-pageno]').textContent = `${s.page} / ${pages}`;
      el.querySelector('[data-page="-1"]').disabled = s.page <= 1;
      el.querySelector('[data-page="1"]').disabled = s.page >= pages;
    }

    async function loadTemplates() {
      try { templates = (await api.get('data/templates')).templates; } catch (e) { showError(e); return; }
      el.querySelector('[data-template]').innerHTML = `<option value="">${t('data.noTemplate')}</option>`
        + templates.map(x => `<option value="${x.id}" ${String(x.id) === String(s.template) ? 'selected' : ''}>${fmt.esc(x.name)}</option>`).join('');
    }

    el.querySelector('[data-template]').addEventListener('change', e => {
      s.template = e.target.value;
      const chosen = templates.find(x => String(x.id) === s.template);
      if (chosen) {
        s.dimensions = s.clientId ? chosen.dimensions : chosen.dimensions.filter(d => d !== 'campaign' && d !== 'unit');
        if (!s.dimensions.length) s.dimensions = ['client'];
        s.columns = chosen.columns;
        s.page = 1;
      }
      loadDetail();
    });
    // Download (D5 → X1): an export task with the detail's filters, dimensions and columns, followed in the task center.
    el.querySelector('[data-act=export]')?.addEventListener('click', async () => {
      try {
        const task = await api.post('exports', { kind: 'data-detail', format: 'csv',
          filters: { ...filterParams(), dimensions: s.dimensions.join(','), columns: s.columns.join(',') } });
        ctx.toast(t('task.started'));
        ctx.navigate('tasks', { id: task.id });
      } catch (e) { ctx.toast(e.message, 'error'); }
    });
    el.querySelector('[data-act=save-template]').addEventListener('click', async () => {
      const current = templates.find(x => String(x.id) === String(s.template));
      const saved = await ctx.dialog({
        title: t('data.saveTemplate'),
        fields: [{ name: 'name', label: t('data.templateName'), value: current ? current.name : '' }],
        onSubmit: async v => {
          const body = { name: (v.name || '').trim(), dimensions: s.dimensions, columns: s.columns };
          return current && current.name === body.name ? api.put(`data/templates/${current.id}`, body) : api.post('data/templates', body);
        },
      });
      if (!saved) return;
      s.template = String(saved.id);
      await loadTemplates();
      syncPickers();
      ctx.toast(t('data.templateSaved'));
    });
    el.querySelector('[data-act=delete-template]').addEventListener('click', async () => {
      const current = templates.find(x => String(x.id) === String(s.template));
      if (!current || !await ctx.confirmDialog(t('data.deleteTemplate'), current.name, t('data.deleteTemplate'))) return;
      try { await api.del(`data/templates/${current.id}`); } catch (e) { ctx.toast(e.message, 'error'); return; }
      s.template = '';
      await loadTemplates();
      syncPickers();
      ctx.toast(t('data.templateDeleted'));
    });

    // ---------------------------------------------------------------- start
    async function clientName() {
      if (!s.clientId || s.clientName) return;
      try {
        const r = await api.get('data/top', { dimension: 'client', clientId: s.clientId, range: '180d' });
        s.clientName = r.rows[0]?.label || '';
      } catch (e) { showError(e); }
    }

    function loadAll() {
      return Promise.all([loadOverview(), ...panels.map((p, i) => loadPanel(i)), loadDetail()]);
    }

    renderRanges();
    await clientName();
    renderClientChip();
    await Promise.all([loadAll(), loadTemplates()]);
    return () => { window.removeEventListener('resize', resize); chart && chart.dispose(); };
  },
});
