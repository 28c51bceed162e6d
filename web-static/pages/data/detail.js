// The data page's detail table: dimension and column pickers, a sort by any metric either way, paging,
// named templates of dimensions and columns, and the download through the task center.
import { t, label } from '../../i18n.js';
import * as fmt from '../../format.js';
import { latestOnly } from '../../widgets.js';
import { METRICS, DIMENSIONS, filterParams } from './model.js';

export function detailHtml(canExport) {
  return `<section class="card" aria-labelledby="data-detail-h"><header><h2 id="data-detail-h">${t('data.detail')}</h2>
      <label>${t('data.template')} <select data-template data-testid="data-template"></select></label>
      <button type="button" class="btn" data-act="save-template">${t('data.saveTemplate')}</button>
      <button type="button" class="btn ghost" data-act="delete-template" disabled>${t('data.deleteTemplate')}</button>
      ${canExport ? `<button type="button" class="btn" data-act="export">${t('task.download')}</button>` : ''}</header>
    <div class="toolbar">
      <fieldset class="pick" data-dims><legend>${t('data.dimensions')}</legend>${DIMENSIONS.map(d =>
        `<label><input type="checkbox" value="${d}" data-testid="dim-${d}"> ${t('dim.' + d)}</label>`).join('')}</fieldset>
      <fieldset class="pick" data-cols><legend>${t('data.columns')}</legend>${METRICS.map(m =>
        `<label><input type="checkbox" value="${m.id}"> ${t('m.' + m.id)}</label>`).join('')}</fieldset>
      <label>${t('data.sortBy')} <select data-sort-metric data-testid="data-sort"><option value="">${t('data.sortDefault')}</option>
        ${METRICS.map(m => `<option value="${m.id}">${t('m.' + m.id)}</option>`).join('')}</select></label>
      <select data-sort-direction aria-label="${t('data.sortDirection')}" data-testid="data-sort-direction">
        <option value="-">${t('data.desc')}</option><option value="">${t('data.asc')}</option></select></div>
    <div class="table-wrap"><table class="data" data-testid="data-detail"><thead></thead><tbody></tbody></table></div>
    <div class="pager"><span data-count></span><button type="button" class="btn" data-page="-1">${t('mon.prev')}</button>
      <span data-pageno></span><button type="button" class="btn" data-page="1">${t('mon.next')}</button></div></section>`;
}

/** Wires the detail table; returns {load, loadTemplates, clientChanged}. */
export function detailPanel(el, ctx, s, showError) {
  const { api } = ctx;
  let templates = [];
  const $ = sel => el.querySelector(sel);

  function syncPickers() {
    el.querySelectorAll('[data-dims] input').forEach(i => { i.checked = s.dimensions.includes(i.value); });
    el.querySelectorAll('[data-cols] input').forEach(i => { i.checked = s.columns.includes(i.value); });
    $('[data-act=delete-template]').disabled = !s.template;
    $('[data-sort-metric]').value = s.sort.replace(/^-/, '');
    $('[data-sort-direction]').value = s.sort.startsWith('-') || !s.sort ? '-' : '';
    $('[data-sort-direction]').disabled = !s.sort;
  }

  /** Campaign and unit need a client: without one they are off and unavailable. */
  function clientChanged() {
    el.querySelectorAll('[data-dims] input').forEach(i => {
      const needsClient = i.value === 'campaign' || i.value === 'unit';
      i.disabled = needsClient && !s.clientId;
      i.parentElement.title = i.disabled ? t('data.needsClient') : '';
    });
    if (!s.clientId) s.dimensions = s.dimensions.filter(d => d !== 'campaign' && d !== 'unit');
    if (!s.dimensions.length) s.dimensions = ['client'];
  }

  const chosen = box => [...el.querySelectorAll(`${box} input:checked`)].map(i => i.value);
  $('[data-dims]').addEventListener('change', () => {
    if (!chosen('[data-dims]').length) { syncPickers(); return; }
    s.dimensions = chosen('[data-dims]');
    s.page = 1;
    load();
  });
  $('[data-cols]').addEventListener('change', () => {
    const cols = chosen('[data-cols]');
    if (!cols.length) { syncPickers(); return; }
    s.columns = METRICS.map(m => m.id).filter(id => cols.includes(id));
    load();
  });
  const sortChanged = () => {
    const metric = $('[data-sort-metric]').value;
    s.sort = metric ? $('[data-sort-direction]').value + metric : '';
    s.page = 1;
    load();
  };
  $('[data-sort-metric]').addEventListener('change', sortChanged);
  $('[data-sort-direction]').addEventListener('change', sortChanged);
  el.querySelectorAll('[data-page]').forEach(b => b.addEventListener('click', () => { s.page += Number(b.dataset.page); load(); }));

  const turn = latestOnly();
  async function load() {
    const current = turn();
    syncPickers();
    let r;
    try {
      r = await api.get('data/detail', { ...filterParams(s), dimensions: s.dimensions.join(','), columns: s.columns.join(','),
        sort: s.sort, page: s.page, pageSize: s.pageSize });
    } catch (e) { showError(e); return; }
    if (!current()) return;
    renderTable(r);
    const pages = Math.max(1, Math.ceil(r.total / s.pageSize));
    $('[data-count]').textContent = t('data.rows', { n: r.total });
    $('[data-pageno]').textContent = `${s.page} / ${pages}`;
    $('[data-page="-1"]').disabled = s.page <= 1;
    $('[data-page="1"]').disabled = s.page >= pages;
  }

  function renderTable(r) {
    const dims = r.dimensions;
    const cols = r.columns.map(id => METRICS.find(m => m.id === id));
    const sorted = s.sort.replace(/^-/, '');
    $('[data-testid=data-detail] thead').innerHTML = `<tr>${dims.map(d => `<th scope="col" class="text">${t('dim.' + d)}</th>`).join('')}
      ${cols.map(m => `<th scope="col" ${m.id === sorted ? `aria-sort="${s.sort.startsWith('-') ? 'descending' : 'ascending'}"` : ''}>${t('m.' + m.id)}</th>`).join('')}</tr>`;
    const cell = (row, d) => ({ time: row.time && row.time.replace('T', ' '), client: row.clientName, goal: label('goal', row.goal),
      event: label('event', row.event), campaign: row.campaignId, unit: row.unitId })[d];
    $('[data-testid=data-detail] tbody').innerHTML = r.rows.length ? r.rows.map(row => `<tr>
      ${dims.map(d => `<td class="text">${fmt.esc(cell(row, d))}</td>`).join('')}${cols.map(m => `<td>${m.f(row[m.field])}</td>`).join('')}</tr>`).join('')
      : `<tr><td colspan="${dims.length + cols.length}" class="empty">${t('data.noData')}</td></tr>`;
  }

  async function loadTemplates() {
    try { templates = (await api.get('data/templates')).templates; } catch (e) { showError(e); return; }
    $('[data-template]').innerHTML = `<option value="">${t('data.noTemplate')}</option>`
      + templates.map(x => `<option value="${x.id}" ${String(x.id) === String(s.template) ? 'selected' : ''}>${fmt.esc(x.name)}</option>`).join('');
  }
  const currentTemplate = () => templates.find(x => String(x.id) === String(s.template));

  $('[data-template]').addEventListener('change', e => {
    s.template = e.target.value;
    const chosenTemplate = currentTemplate();
    if (chosenTemplate) {
      s.dimensions = s.clientId ? chosenTemplate.dimensions : chosenTemplate.dimensions.filter(d => d !== 'campaign' && d !== 'unit');
      if (!s.dimensions.length) s.dimensions = ['client'];
      s.columns = chosenTemplate.columns;
      s.page = 1;
    }
    load();
  });
  // the download is an export task with the table's filters, dimensions, columns and sort, followed in the task center
  $('[data-act=export]')?.addEventListener('click', async () => {
    try {
      const task = await api.post('exports', { kind: 'data-detail', format: 'csv',
        filters: { ...filterParams(s), dimensions: s.dimensions.join(','), columns: s.columns.join(','), sort: s.sort } });
      ctx.toast(t('task.started'));
      ctx.navigate('tasks', { id: task.id });
    } catch (e) { ctx.toast(e.message, 'error'); }
  });
  $('[data-act=save-template]').addEventListener('click', async () => {
    const current = currentTemplate();
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
  $('[data-act=delete-template]').addEventListener('click', async () => {
    const current = currentTemplate();
    if (!current || !await ctx.confirmDialog(t('data.deleteTemplate'), current.name, t('data.deleteTemplate'))) return;
    try { await api.del(`data/templates/${current.id}`); } catch (e) { ctx.toast(e.message, 'error'); return; }
    s.template = '';
    await loadTemplates();
    syncPickers();
    ctx.toast(t('data.templateDeleted'));
  });

  return { load, loadTemplates, clientChanged };
}
