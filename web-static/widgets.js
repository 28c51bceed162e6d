// Building blocks shared by the barometer, the wall board and the client view: KPI tiles, the spend
// trend chart (ECharts from the WebJar), the top-10 table, the alert feed, sparklines, and a
// throttled refresher that re-reads the REST read models while live messages arrive.
import { t } from './i18n.js';
import * as fmt from './format.js';

/** Renders KPI tiles: [{key, label, value (formatted), change (ratio or null)}]; keeps elements for flashing. */
export function kpiTiles(el, tiles) {
  const old = new Map([...el.querySelectorAll('.kpi')].map(k => [k.dataset.key, k.querySelector('.value').textContent]));
  el.innerHTML = tiles.map(k => {
    const c = fmt.change(k.change);
    return `<div class="kpi" data-key="${k.key}" data-testid="kpi-${k.key}">
      <div class="label">${fmt.esc(k.label)}</div>
      <div class="value" data-raw="${k.raw ?? ''}">${fmt.esc(k.value)}</div>
      <div class="chg"><span class="muted">${t('home.vsPrev')}</span> <span class="${c.cls}">${c.text}</span></div></div>`;
  }).join('');
  el.querySelectorAll('.kpi').forEach(k => {
    const v = k.querySelector('.value');
    if (old.has(k.dataset.key) && old.get(k.dataset.key) !== v.textContent) flash(v);
  });
}

export function flash(node) {
  node.classList.add('flash');
  setTimeout(() => node.classList.remove('flash'), 800);
}

/** A line chart of spend: series [{name, points:[[label, fen]], dashed}]. Returns {update, dispose}. */
export function trendChart(el, { dark = false } = {}) {
  if (!window.echarts) { el.textContent = ''; return { update() {}, dispose() {} }; }
  const chart = window.echarts.init(el, dark ? 'dark' : null, { renderer: 'canvas' });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return {
    update(categories, series) {
      chart.setOption({
        backgroundColor: 'transparent',
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: v => fmt.money(Math.round(v * 100)) },
        legend: { top: 0, textStyle: { fontSize: dark ? 18 : 12 } },
        grid: { left: 60, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: categories, axisLabel: { fontSize: dark ? 16 : 11 } },
        yAxis: { type: 'value', axisLabel: { formatter: v => '¥' + (v >= 10000 ? (v / 10000) + '万' : v), fontSize: dark ? 16 : 11 } },
        series: series.map(s => ({ name: s.name, type: 'line', showSymbol: false,
          lineStyle: s.dashed ? { type: 'dashed', width: 1 } : { width: 2 }, areaStyle: s.dashed ? undefined : { opacity: 0.08 },
          data: s.values.map(v => (v == null ? null : v / 100)) })),
      }, true);
    },
    dispose() { window.removeEventListener('resize', resize); chart.dispose(); },
  };
}

/** Spend trend from an overview answer: performance and brand, with the previous period dashed. */
export function renderTrend(chart, trend) {
  const points = (trend && trend.points) || [];
  const prev = (trend && trend.previousPoints) || [];
  const cats = points.map(p => p.label);
  chart.update(cats, [
    { name: t('home.performance'), values: points.map(p => p.performanceFen) },
    { name: t('home.brand'), values: points.map(p => p.brandFen) },
    { name: t('home.performance') + ' · ' + t('home.vsPrev'), values: prev.map(p => p.performanceFen), dashed: true },
  ]);
}

/** SVG sparkline of fen values. */
export function sparkline(values) {
  const v = (values || []).map(Number);
  if (v.length < 2) return '<svg class="spark" aria-hidden="true"></svg>';
  const max = Math.max(...v, 1);
  const pts = v.map((x, i) => `${(i / (v.length - 1) * 100).toFixed(1)},${(22 - x / max * 20).toFixed(1)}`).join(' ');
  return `<svg class="spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true"><polyline fill="none" stroke="#1664ff" stroke-width="1.5" points="${pts}"/></svg>`;
}

/** The top-10 table; each row can switch into the client (L4). */
export function topTable(el, rows, { actions = true } = {}) {
  el.innerHTML = `<div class="table-wrap"><table class="data" data-testid="top10"><thead><tr>
    <th class="text" scope="col">${t('col.client')}</th><th scope="col">${t('col.balance')}</th><th scope="col">${t('col.budget')}</th>
    <th scope="col">${t('col.spend')}</th><th scope="col">${t('col.conversions')}</th><th scope="col">${t('col.cpa')}</th>
    ${actions ? `<th scope="col">${t('col.actions')}</th>` : ''}</tr></thead><tbody>
    ${rows.length ? rows.map(r => `<tr data-client="${r.clientId}">
      <td class="text">${fmt.esc(r.name)}</td><td data-f="balanceFen">${fmt.money(r.balanceFen)}</td>
      <td data-f="dailyBudgetFen">${fmt.money(r.dailyBudgetFen)}</td><td data-f="spendFen">${fmt.money(r.spendFen)}</td>
      <td data-f="conversions">${fmt.count(r.conversions)}</td><td>${fmt.money(r.costPerConversionFen)}</td>
      ${actions ? `<td><button type="button" class="btn link" data-act="enter">${t('act.enter')}</button><button type="button" class="btn link" data-act="ads">${t('act.ads')}</button><button type="button" class="btn link" data-act="data">${t('act.data')}</button></td>` : ''}</tr>`).join('')
      : `<tr><td colspan="7" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div>`;
}

/** Applies live counters to cells marked data-f inside the row of that client, flashing what changed. */
export function applyCounters(container, clientId, counters, fields = ['balanceFen', 'dailyBudgetFen', 'spendFen', 'conversions']) {
  const row = container.querySelector(`tr[data-client="${clientId}"]`);
  if (!row) return false;
  for (const f of fields) {
    const cell = row.querySelector(`[data-f="${f}"]`);
    if (!cell || counters[f] === undefined) continue;
    const text = f.endsWith('Fen') ? fmt.money(counters[f]) : f.endsWith('Pct') ? fmt.pct(counters[f] / 100, 0) : fmt.count(counters[f]);
    if (cell.textContent !== text) { cell.textContent = text; flash(cell); }
  }
  return true;
}

/** One alert as a feed item. */
export function alertItem(a, names) {
  const kind = a.kind || a.alertKind || 'alert';
  const name = a.clientName || (names && names.get(a.clientId)) || (a.clientId ? '#' + a.clientId : '');
  const cleared = a.type === 'alert-cleared' || a.status === 'cleared';
  const li = document.createElement('li');
  li.className = 'alert' + (cleared ? ' cleared' : '');
  li.dataset.alert = a.id ?? a.alertId ?? '';
  li.dataset.kind = kind;
  li.innerHTML = `<span class="kind">${fmt.esc(cleared ? t('alert.cleared') : t('alert.' + kind))}</span>
    <span class="title">${fmt.esc(name)}${a.kind === 'budget' && a.level ? ' · ' + a.level + '%' : ''}${a.message ? ' · ' + fmt.esc(a.message) : ''}</span>
    <time datetime="${fmt.esc(a.at || a.openedAt || '')}">${fmt.time(a.at || a.openedAt)}</time>`;
  return li;
}

/** Calls fn at most once per `ms` while triggered (leading and trailing). */
export function throttled(fn, ms) {
  let last = 0, timer = null;
  return () => {
    const wait = last + ms - Date.now();
    if (wait <= 0) { last = Date.now(); fn(); return; }
    if (!timer) timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, wait);
  };
}

/**
 * For loads that can overlap (a filter changed while the last answer is on its way): each call of the
 * returned function starts a turn and gives a check that is true only while no later turn has started,
 * so an earlier answer arriving late is dropped instead of overwriting the newer one.
 */
export function latestOnly() {
  let turn = 0;
  return () => { const mine = ++turn; return () => mine === turn; };
}

/** The items of a list answer whatever its envelope ({items}, {rows}, {alerts}, or an array). */
export function itemsOf(r) {
  if (!r) return [];
  if (Array.isArray(r)) return r;
  return r.items || r.rows || r.alerts || r.notices || r.data || [];
}
