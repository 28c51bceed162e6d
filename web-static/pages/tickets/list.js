// The ticket lists: mine, to handle (returned) and all of the agency, with filters and paging.
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { picker, clients, dateField } from '../../widgets.js';
import { CATEGORIES, STATUSES, actions, act } from './common.js';

const PAGE_SIZE = 20;
const esc = fmt.esc;
const options = (values, chosen, key) => values.map(v => `<option value="${v}" ${chosen === v ? 'selected' : ''}>${t(key + v)}</option>`).join('');

export async function listScreen(ui, scope = 'mine', page = 1, filters = {}) {
  const { el, ctx } = ui;
  const current = ui.screen.next();
  const tabs = ['mine', 'returned'].concat(ctx.can('TICKETS_ALL') ? ['all'] : []);
  el.innerHTML = `<h1>${t('tk.title')}</h1>
    <div class="toolbar"><button class="btn primary" data-act="new">${t('tk.new')}</button></div>
    <nav class="tabs" role="tablist">${tabs.map(s => `<button role="tab" class="btn ${s === scope ? 'primary' : 'ghost'}" aria-selected="${s === scope}" data-scope="${s}">${t('tk.' + s)}</button>`).join('')}</nav>
    <form class="toolbar filters">
      <input name="id" type="number" min="1" placeholder="${t('tk.id')}" value="${esc(filters.id || '')}">
      ${scope === 'returned' ? '' : `<select name="status"><option value="">${t('tk.status')}</option>${options(STATUSES, filters.status, 'tk.st.')}</select>`}
      <select name="category"><option value="">${t('tk.category')}</option>${options(CATEGORIES, filters.category, 'tk.cat.')}</select>
      <span data-client-slot></span>
      ${dateField({ name: 'from', value: filters.from })} ${dateField({ name: 'to', value: filters.to })}
      ${scope === 'all' ? `<input name="submitter" placeholder="${t('tk.submitter')}" value="${esc(filters.submitter || '')}">` : ''}
      <button class="btn" type="submit">${t('tk.search')}</button></form>
    <div class="table-wrap"><table class="data" data-testid="tickets-table"><thead><tr><th class="text">${t('tk.id')}</th><th class="text">${t('tk.titleField')}</th><th class="text">${t('tk.category')}</th>
      <th class="text">${t('tk.status')}</th><th class="text">${t('tk.submitter')}</th><th class="text">${t('tk.submittedAt')}</th><th>${t('tk.actions')}</th></tr></thead><tbody></tbody></table></div>
    <div class="pager"></div>`;
  el.querySelector('[data-client-slot]').replaceWith(picker({ name: 'clientId', search: clients(api), placeholder: t('tk.client'),
    initial: filters.clientId ? [{ id: filters.clientId, label: filters.clientName || '' }] : [] }));
  el.querySelector('[data-act=new]').addEventListener('click', () => ui.go.form());
  el.querySelectorAll('[data-scope]').forEach(b => b.addEventListener('click', () => ui.go.list(b.dataset.scope)));
  el.querySelector('form.filters').addEventListener('submit', e => {
    e.preventDefault();
    ui.go.list(scope, 1, Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v)));
  });
  const r = await api.get('tickets', { scope, page, pageSize: PAGE_SIZE, ...filters });
  if (!current()) return;
  const body = el.querySelector('tbody');
  body.innerHTML = r.items.map(tk => `<tr data-id="${tk.id}">
      <td class="text"><a href="#/tickets?id=${tk.id}">${tk.id}</a></td><td class="text">${esc(tk.title)}</td><td class="text">${t('tk.cat.' + tk.category)}</td>
      <td class="text"><span class="pill state-${tk.status}">${t('tk.st.' + tk.status)}</span></td><td class="text">${esc(tk.submitter.name)}</td><td class="text">${esc(fmt.time(tk.submittedAt))}</td>
      <td>${actions(tk, ctx.me)}</td></tr>`).join('') || `<tr><td colspan="7" class="empty">${t('tk.empty')}</td></tr>`;
  body.addEventListener('click', e => act(ui, e, () => ui.go.list(scope, page, filters)));
  const pager = el.querySelector('.pager');
  pager.innerHTML = `<span>${t('tk.page', { p: page, n: r.total })}</span>
    <button class="btn ghost" data-p="${page - 1}" ${page <= 1 ? 'disabled' : ''}>${t('tk.prev')}</button>
    <button class="btn ghost" data-p="${page + 1}" ${page * PAGE_SIZE >= r.total ? 'disabled' : ''}>${t('tk.next')}</button>`;
  pager.querySelectorAll('[data-p]').forEach(b => b.addEventListener('click', () => ui.go.list(scope, Number(b.dataset.p), filters)));
}
