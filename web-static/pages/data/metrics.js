// The data page's key metrics (nine tiles with the change against the previous period) and the trend of
// one metric, whose running hour (or day) is drawn dashed as partial and whose hours to come stay empty.
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { kpiTiles, latestOnly, withPartialLast } from '../../widgets.js';
import { METRICS, filterParams, localDay } from './model.js';

export function metricsHtml() {
  return `<section class="card" aria-labelledby="data-metrics-h"><header><h2 id="data-metrics-h">${t('data.metrics')}</h2>
      <span class="muted" data-asof></span></header>
    <div class="kpis five" data-kpis data-testid="data-kpis"></div>
    <header class="trend-head"><h3>${t('data.trend')}</h3>
      <label>${t('data.trendOf')} <select data-trend-metric>${METRICS.map(m => `<option value="${m.id}">${t('m.' + m.id)}</option>`).join('')}</select></label></header>
    <div class="chart" data-chart role="img" aria-label="${t('data.trend')}"></div></section>`;
}

/** Loads and draws the metrics panel; returns {load, dispose}. */
export function metricsPanel(el, api, s, showError) {
  const chart = window.echarts ? window.echarts.init(el.querySelector('[data-chart]'), null, { renderer: 'canvas' }) : null;
  const resize = () => chart && chart.resize();
  window.addEventListener('resize', resize);
  let overview = null;
  const draw = () => { if (chart && overview) chart.setOption(trendOption(s, overview), true); };
  el.querySelector('[data-trend-metric]').addEventListener('change', e => { s.trendMetric = e.target.value; draw(); });

  const turn = latestOnly();
  async function load() {
    const current = turn();
    let r;
    try { r = await api.get('data/overview', { ...filterParams(s), compare: s.compare }); } catch (e) { showError(e); return; }
    if (!current()) return;
    overview = r;
    const m = r.metrics;
    const change = r.change || {};
    kpiTiles(el.querySelector('[data-kpis]'), METRICS.map(x => ({
      key: x.id, label: t('m.' + x.id), value: x.money ? fmt.moneyShort(m[x.field]) : x.f(m[x.field]), raw: m[x.field],
      change: s.compare ? change[x.field] : null,
    })));
    el.querySelector('[data-asof]').textContent = t('data.asOf', { t: fmt.time(r.asOf) });
    draw();
  }
  return { load, dispose() { window.removeEventListener('resize', resize); chart && chart.dispose(); } };
}

function trendOption(s, overview) {
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
  return {
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 64, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: overview.trend.map(p => label(p.time)) },
    yAxis: { type: 'value', axisLabel: { formatter: v => (metric.ratio ? (v * 100).toFixed(1) + '%' : metric.money ? fmt.axisMoney(v) : fmt.countShort(v)) } },
    series,
  };
}
