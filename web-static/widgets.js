// Building blocks shared by the barometer, the wall board and the client view: KPI tiles, the spend
// trend chart (ECharts from the WebJar), the top-10 table, the alert feed, sparklines, and a
// throttled refresher that re-reads the REST read models while live messages arrive.
import { t, label } from './i18n.js';
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

/** A size in screen heights (the wall board scales with the screen, 1920×1080 and 1280×720 alike). */
const vh = share => Math.round(window.innerHeight * share / 100);

/** A line chart of spend: series [{name, points:[[label, fen]], dashed}]. Returns {update, dispose}. */
export function trendChart(el, { dark = false } = {}) {
  if (!window.echarts) { el.textContent = ''; return { update() {}, dispose() {} }; }
  const chart = window.echarts.init(el, dark ? 'dark' : null, { renderer: 'canvas' });
  // the chart follows its box, not only the window: the wall board's grid settles after the tiles fill
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    update(categories, series) {
      chart.setOption({
        backgroundColor: 'transparent',
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: v => (v == null ? '—' : fmt.money(Math.round(v * 100))) },
        // the partial-hour segments share their series' colour; the legend names only the series
        legend: { top: 0, data: series.filter(s => !s.partial).map(s => s.name), textStyle: { fontSize: dark ? vh(1.7) : 12 } },
        grid: { left: 60, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: categories, axisLabel: { fontSize: dark ? vh(1.4) : 11 } },
        yAxis: { type: 'value', axisLabel: { formatter: v => fmt.axisMoney(v), fontSize: dark ? vh(1.4) : 11 } },
        series: series.map(s => ({ name: s.name, type: 'line', showSymbol: !!s.partial, symbolSize: 7, color: s.color,
          lineStyle: s.dashed || s.partial ? { type: 'dashed', width: s.partial ? 2 : 1 } : { width: 2 },
          areaStyle: s.dashed || s.partial ? undefined : { opacity: 0.08 },
          data: s.values.map(v => (v == null ? null : v / 100)) })),
      }, true);
    },
    dispose() { observer.disconnect(); chart.dispose(); },
  };
}

/**
 * Splits a series whose last known point is the hour still running: the complete part solid, the
 * step into the partial hour dashed with a marked point, so a half-filled hour never reads as a crash.
 * Future points stay null (no line), never 0.
 */
export function withPartialLast(values) {
  const last = values.reduce((at, v, i) => (v == null ? at : i), -1);
  if (last < 1) return { complete: values, partial: null };
  return {
    complete: values.map((v, i) => (i < last ? v : null)),
    partial: values.map((v, i) => (i === last || i === last - 1 ? v : null)),
  };
}

/** Spend trend from an overview answer: performance and brand, with the previous period dashed. */
export function renderTrend(chart, trend) {
  const points = (trend && trend.points) || [];
  const prev = (trend && trend.previousPoints) || [];
  const hourly = trend && trend.granularity === 'hour' && points.some(p => p.performanceFen == null);
  const cats = points.map(p => p.label);
  const series = [];
  for (const [key, name, color] of [['performanceFen', t('home.performance'), '#1664ff'], ['brandFen', t('home.brand'), '#14c9c9']]) {
    const values = points.map(p => p[key]);
    if (!hourly) { series.push({ name, values, color }); continue; }
    const split = withPartialLast(values);
    series.push({ name, values: split.complete, color });
    if (split.partial) series.push({ name: name + ' · ' + t('chart.partial'), values: split.partial, color, partial: true });
  }
  series.push({ name: t('home.performance') + ' · ' + t('home.vsPrev'), values: prev.map(p => p.performanceFen), dashed: true, color: '#8a94a6' });
  chart.update(cats, series);
}

/** SVG sparkline of fen values. */
export function sparkline(values) {
  const v = (values || []).map(Number);
  if (v.length < 2) return '<svg class="spark" aria-hidden="true"></svg>';
  const max = Math.max(...v, 1);
  const pts = v.map((x, i) => `${(i / (v.length - 1) * 100).toFixed(1)},${(22 - x / max * 20).toFixed(1)}`).join(' ');
  return `<svg class="spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true"><polyline fill="none" stroke="#1664ff" stroke-width="1.5" points="${pts}"/></svg>`;
}

/** The top-10 table; each row can switch into the client. */
export function topTable(el, rows, { actions = true } = {}) {
  el.innerHTML = `<div class="table-wrap"><table class="data" data-testid="top10"><thead><tr>
    <th class="text" scope="col">${t('col.client')}</th><th scope="col">${t('col.balance')}</th><th scope="col">${t('col.budget')}</th>
    <th scope="col">${t('col.spend')}</th><th scope="col">${t('col.conversions')}</th><th scope="col">${t('col.cpa')}</th>
    ${actions ? `<th scope="col">${t('col.actions')}</th>` : ''}</tr></thead><tbody>
    ${rows.length ? rows.map(r => `<tr data-client="${r.clientId}">
      <td class="text">${actions ? `<a href="#/monitor?clientId=${r.clientId}&amp;q=${encodeURIComponent(r.name)}">${fmt.esc(r.name)}</a>` : fmt.esc(r.name)}</td><td data-f="balanceFen">${fmt.money(r.balanceFen)}</td>
      <td data-f="dailyBudgetFen">${fmt.money(r.dailyBudgetFen)}</td><td data-f="spendFen">${fmt.money(r.spendFen)}</td>
      <td data-f="conversions">${fmt.count(r.conversions)}</td><td>${fmt.money(r.costPerConversionFen)}</td>
      ${actions ? `<td><button type="button" class="btn link" data-act="enter">${t('act.enter')}</button><button type="button" class="btn link" data-act="ads">${t('act.ads')}</button><button type="button" class="btn link" data-act="data">${t('act.data')}</button></td>` : ''}</tr>`).join('')
      : `<tr><td colspan="7" class="empty">${t('common.empty')}</td></tr>`}</tbody></table></div>`;
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

/**
 * A searchable picker for people or clients (type to search, arrows and Enter or a click to choose).
 * search(q) resolves to [{id, label, sub}]. The chosen id(s) sit in a hidden input named `name`
 * (several ids comma-separated when `multiple`), so a surrounding form reads them like any field.
 * Returns the element, with .value() and .clear().
 */
export function picker({ name, search, placeholder = '', multiple = false, initial = [] }) {
  const box = document.createElement('div');
  box.className = 'picker';
  const listId = 'pick-' + name + '-' + Math.random().toString(36).slice(2, 8);
  box.innerHTML = `<div class="picker-chips"></div>
    <input type="search" autocomplete="off" placeholder="${fmt.esc(placeholder)}" role="combobox" aria-autocomplete="list"
      aria-expanded="false" aria-controls="${listId}" data-picker-input="${fmt.esc(name)}">
    <ul class="picker-results" id="${listId}" role="listbox" hidden></ul>
    <input type="hidden" name="${fmt.esc(name)}">`;
  const input = box.querySelector('input[type=search]');
  const list = box.querySelector('ul');
  const hidden = box.querySelector('input[type=hidden]');
  const chips = box.querySelector('.picker-chips');
  let chosen = [...initial];
  let found = [];
  let active = -1;
  let timer = null;
  const turn = latestOnly();
  const sync = () => {
    hidden.value = chosen.map(c => c.id).join(',');
    chips.innerHTML = multiple ? chosen.map(c => `<span class="chip" data-id="${c.id}">${fmt.esc(c.label)}<button type="button" aria-label="×" data-remove="${c.id}">×</button></span>`).join('') : '';
    if (!multiple) input.value = chosen[0] ? chosen[0].label : input.value;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
  const show = () => {
    list.innerHTML = found.length ? found.map((f, i) => `<li role="option" tabindex="-1" data-i="${i}" aria-selected="${i === active}">
      <span>${fmt.esc(f.label)}</span>${f.sub ? ` <small>${fmt.esc(f.sub)}</small>` : ''}</li>`).join('')
      : `<li class="empty">${t('common.empty')}</li>`;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const choose = f => {
    if (!f) return;
    chosen = multiple ? [...chosen.filter(c => c.id !== f.id), f] : [f];
    if (multiple) input.value = '';
    sync();
    close();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    if (!multiple && chosen.length) { chosen = []; hidden.value = ''; }
    const q = input.value.trim();
    timer = setTimeout(async () => {
      const current = turn();
      try {
        const r = await search(q);
        if (!current()) return;
        found = r;
        active = -1;
        show();
      } catch { close(); }
    }, 200);
  });
  input.addEventListener('focus', () => { if (!input.value) input.dispatchEvent(new Event('input')); });
  input.addEventListener('keydown', e => {
    if (list.hidden && e.key !== 'ArrowDown') return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = Math.max(0, Math.min(found.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
      show();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(found[active >= 0 ? active : 0]);
    } else if (e.key === 'Escape') close();
  });
  list.addEventListener('mousedown', e => {
    const li = e.target.closest('li[data-i]');
    if (li) { e.preventDefault(); choose(found[Number(li.dataset.i)]); }
  });
  chips.addEventListener('click', e => {
    const id = e.target.dataset.remove;
    if (id) { chosen = chosen.filter(c => String(c.id) !== id); sync(); }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  box.value = () => (multiple ? chosen.map(c => c.id) : (chosen[0] ? chosen[0].id : null));
  box.clear = () => { chosen = []; input.value = ''; sync(); };
  if (initial.length) sync();
  return box;
}

/** Search functions for pickers: the agency's active staff, and the clients the caller may see. */
export const people = api => async q => ((await api.get('staff-directory', { q, limit: 10 })).items || [])
  .map(s => ({ id: s.id, label: s.name, sub: s.account + ' · ' + label('role', s.role) }));

export const clients = api => async q => ((await api.get('monitor/clients', { q, pageSize: 10, range: 'today' })).rows || [])
  .map(c => ({ id: c.clientId, label: c.name, sub: c.pid }));

/**
 * A date field (HTML) that reads the same whatever the browser: the date is typed and shown as
 * YYYY-MM-DD — the numeric date of Chinese use, and unambiguous in English — where the browser's own
 * date input would follow the browser's locale instead of the UI language. A calendar button beside it
 * opens the browser's picker. The text input carries `name` (and `attrs`), so forms read it as before;
 * with `time` the value is "YYYY-MM-DD HH:mm".
 */
export function dateField({ name = '', value = '', time = false, attrs = '' } = {}) {
  const pattern = time ? '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}' : '\\d{4}-\\d{2}-\\d{2}';
  return `<span class="date-field"><input type="text" class="date-text" ${name ? `name="${fmt.esc(name)}"` : ''} value="${fmt.esc(value || '')}"
    inputmode="numeric" autocomplete="off" pattern="${pattern}" maxlength="${time ? 16 : 10}" placeholder="${t(time ? 'date.placeholderTime' : 'date.placeholder')}" ${attrs}><button
    type="button" class="date-open" aria-label="${t('date.pick')}" title="${t('date.pick')}">▦</button><input type="${time ? 'datetime-local' : 'date'}"
    class="date-native" tabindex="-1" aria-hidden="true"></span>`;
}

// One pair of listeners serves every date field, wherever a page or dialog renders it.
document.addEventListener('click', e => {
  const button = e.target.closest('.date-open');
  if (!button) return;
  const field = button.closest('.date-field');
  const native = field.querySelector('.date-native');
  native.value = field.querySelector('.date-text').value.replace(' ', 'T');
  try { native.showPicker(); } catch { field.querySelector('.date-text').focus(); }
});
document.addEventListener('change', e => {
  if (!e.target.matches('.date-native')) return;
  const text = e.target.closest('.date-field').querySelector('.date-text');
  text.value = e.target.value.replace('T', ' ');
  text.dispatchEvent(new Event('input', { bubbles: true }));
  text.dispatchEvent(new Event('change', { bubbles: true }));
});
