// The data page's filters: client (shared picker), marketing goal, promotion mode, attribution,
// granularity with its ranges, custom dates and compare. Every change resets the drill-downs and paging.
import { t, label } from '../../i18n.js';
import * as fmt from '../../format.js';
import { picker, clients, dateField } from '../../widgets.js';
import { MODES, RANGES, rangeLabel } from './model.js';

export function filtersHtml(s) {
  return `<form class="toolbar filters" data-filters role="search" aria-label="${t('data.title')}">
    <label class="client-filter">${t('data.client')} <span data-client-slot></span></label>
    <label>${t('data.goal')} <select name="goal" id="data-goals"><option value="">${t('data.allGoals')}</option>
      ${s.goal ? `<option value="${fmt.esc(s.goal)}" selected>${fmt.esc(label('goal', s.goal))}</option>` : ''}</select></label>
    <label>${t('data.mode')} <select name="mode" data-testid="data-mode"><option value="">${t('data.allModes')}</option>
      ${MODES.map(m => `<option value="${m}" ${m === s.mode ? 'selected' : ''}>${fmt.esc(label('mode', m))}</option>`).join('')}</select></label>
    <label>${t('mon.attribution')} <select name="attribution">
      <option value="billing">${t('home.billing')}</option><option value="conversion">${t('home.conversion')}</option></select></label>
    <div class="seg" role="group" aria-label="${t('data.granularity')}">
      ${['day', 'hour'].map(g => `<button type="button" data-granularity="${g}" aria-pressed="${g === s.granularity}">${t('data.' + g)}</button>`).join('')}</div>
    <label>${t('data.range')} <select name="range" data-range></select></label>
    <span data-custom hidden><label>${t('mon.from')} ${dateField({ name: 'from', value: s.from })}</label>
      <label>${t('mon.to')} ${dateField({ name: 'to', value: s.to })}</label></span>
    <label><input type="checkbox" name="compare" ${s.compare ? 'checked' : ''}> ${t('data.compare')}</label>
  </form>`;
}

/**
 * Wires the form: `changed()` after a filter that changes every part, `compared()` after the compare box
 * (only the metrics read again).
 */
export function wireFilters(el, api, s, { changed, compared }) {
  const form = el.querySelector('[data-filters]');
  form.attribution.value = s.attribution;
  const client = picker({ name: 'clientId', search: clients(api), placeholder: t('data.clientSearch'),
    initial: s.clientId ? [{ id: s.clientId, label: s.clientName || '#' + s.clientId }] : [] });
  client.dataset.testid = 'data-client';
  el.querySelector('[data-client-slot]').replaceWith(client);
  const input = client.querySelector('input[type=search]');
  // choosing a client fires change on the picker; emptying its box goes back to all clients
  client.addEventListener('change', () => {
    const id = client.value();
    if (id == null || String(id) === String(s.clientId)) return;
    s.clientId = String(id);
    s.clientName = input.value;
    changed();
  });
  input.addEventListener('input', () => {
    if (input.value.trim() || !s.clientId) return;
    s.clientId = '';
    s.clientName = '';
    changed();
  });

  const renderRanges = () => {
    form.range.innerHTML = RANGES[s.granularity].map(r => `<option value="${r}" ${r === s.range ? 'selected' : ''}>${t(rangeLabel(r))}</option>`).join('');
    el.querySelector('[data-custom]').hidden = s.range !== 'custom';
  };
  renderRanges();

  form.addEventListener('change', e => {
    const f = e.target;
    if (!f.name || f.name === 'clientId') return;
    if (f.name === 'compare') { s.compare = f.checked; compared(); return; }
    s[f.name] = f.value.trim();
    if (f.name === 'range') el.querySelector('[data-custom]').hidden = s.range !== 'custom';
    if (s.range === 'custom' && (!s.from || !s.to)) return;
    changed();
  });
  form.addEventListener('submit', e => e.preventDefault());
  el.querySelectorAll('[data-granularity]').forEach(b => b.addEventListener('click', () => {
    s.granularity = b.dataset.granularity;
    el.querySelectorAll('[data-granularity]').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
    if (!RANGES[s.granularity].includes(s.range)) s.range = 'today';
    if (s.granularity === 'day' && s.range === 'today') s.range = '7d';
    renderRanges();
    changed();
  }));
}

/** The goal filter lists the goals found in the top-5 answer by goal (codes shown by their labels). */
export function fillGoals(el, s, rows) {
  el.querySelector('#data-goals').innerHTML = `<option value="">${t('data.allGoals')}</option>` + rows.map(x =>
    `<option value="${fmt.esc(x.key)}" ${x.key === s.goal ? 'selected' : ''}>${fmt.esc(label('goal', x.key))}</option>`).join('');
}
