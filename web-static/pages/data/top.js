// The data page's four top-5 panels (industry, client, goal, event). Each drills down its own chain
// industry → client → goal → event with a breadcrumb to go back; codes are shown by their labels.
import { t, label } from '../../i18n.js';
import * as fmt from '../../format.js';
import { latestOnly } from '../../widgets.js';
import { filterParams } from './model.js';
import { fillGoals } from './filters.js';

const DRILL = ['industry', 'client', 'goal', 'event'];
const PANELS = [{ start: 'industry', label: 'data.byIndustry' }, { start: 'client', label: 'data.byClient' },
  { start: 'goal', label: 'data.byGoal' }, { start: 'event', label: 'data.byEvent' }];
const LABELLED = new Set(['industry', 'goal', 'event']);
const PATH_PARAM = { industry: 'pathIndustry', client: 'pathClientId', goal: 'pathGoal' };

export function topHtml() {
  return `<div class="grid data-tops">${PANELS.map((p, i) => `
    <section class="card span-6" data-panel="${i}" data-testid="top-${p.start}" aria-labelledby="data-top-${i}">
      <header><h2 id="data-top-${i}">${t('data.top')} · ${t(p.label)}</h2></header>
      <ol class="crumbs" aria-label="${t(p.label)}" data-crumbs></ol><ul class="shares" data-shares aria-live="polite"></ul></section>`).join('')}</div>`;
}

/** Wires the panels; returns {loadAll, reset} (reset forgets every drill-down). */
export function topPanels(el, api, s, showError) {
  const panels = PANELS.map(p => ({ ...p, path: [], turn: latestOnly() }));   // path: [{dim, key, label}]
  const dimensionOf = p => (p.path.length ? DRILL[DRILL.indexOf(p.path[p.path.length - 1].dim) + 1] : p.start);

  async function load(i) {
    const p = panels[i];
    const current = p.turn();
    const box = el.querySelector(`[data-panel="${i}"]`);
    const dim = dimensionOf(p);
    const q = { ...filterParams(s), dimension: dim };
    p.path.forEach(x => { q[PATH_PARAM[x.dim]] = x.key; });
    const crumbs = [{ label: t('data.all') + ' · ' + t(p.label) }, ...p.path.map(x => ({ label: x.label }))];
    box.querySelector('[data-crumbs]').innerHTML = crumbs.map((c, n) => n === crumbs.length - 1
      ? `<li><span aria-current="location" tabindex="-1">${fmt.esc(c.label)}</span></li>`
      : `<li><button type="button" data-crumb="${n}">${fmt.esc(c.label)}</button></li>`).join('');
    let r;
    try { r = await api.get('data/top', q); } catch (e) { showError(e); return; }
    if (!current()) return;
    if (dim === 'goal' && !p.path.length) fillGoals(el, s, r.rows);
    r.rows.forEach(x => { if (LABELLED.has(dim)) x.label = label(dim, x.key); });
    box.querySelector('[data-shares]').innerHTML = r.rows.length ? r.rows.map(x => shareItem(x, dim !== 'event')).join('')
      : `<li class="muted">${t('data.noData')}</li>`;
  }

  el.querySelectorAll('[data-panel]').forEach(box => box.addEventListener('click', e => {
    const i = Number(box.dataset.panel);
    const p = panels[i];
    const crumb = e.target.closest('[data-crumb]');
    if (crumb) { p.path = p.path.slice(0, Number(crumb.dataset.crumb)); load(i); return; }
    const row = e.target.closest('button[data-key]');
    if (!row) return;
    p.path = [...p.path, { dim: dimensionOf(p), key: row.dataset.key, label: row.dataset.label }];
    load(i).then(() => box.querySelector('[data-crumbs] [aria-current]')?.focus());
  }));

  return {
    loadAll: () => Promise.all(panels.map((p, i) => load(i))),
    reset() { panels.forEach(p => { p.path = []; }); },
  };
}

function shareItem(x, drillable) {
  const inner = `<span class="name">${fmt.esc(x.label)}</span><span>${fmt.money(x.spendFen)} · ${fmt.pct(x.share, 1)}</span>
    <span class="bar" aria-hidden="true"><i style="width:${Math.round((x.share || 0) * 100)}%"></i></span>`;
  return `<li>${drillable ? `<button type="button" data-key="${fmt.esc(x.key)}" data-label="${fmt.esc(x.label)}" title="${t('data.drillHint')}">${inner}</button>`
    : `<div class="row">${inner}</div>`}</li>`;
}
