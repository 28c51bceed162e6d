// Finance's deposit (保证金) tab — items due, paid and outstanding, a new item, a payment — and the
// reconciliation (消耗对账) of one day: delivery data, ledger and live figures per client.
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { dateField } from '../../widgets.js';
import { text } from './lists.js';

const kpi = (labelKey, fen) => `<div class="kpi"><div class="label">${t(labelKey)}</div><div class="value">${fmt.money(fen)}</div></div>`;

export async function depositTab(body, api, moneyDialog) {
  const d = await api.get('finance/deposit');
  body.innerHTML = `<div class="kpis">${kpi('fin.amountDue', d.amountDueFen)}${kpi('fin.frozenTotal', d.frozenTotalFen)}</div>
    <p><button type="button" class="btn" data-new>${t('fin.newItem')}</button></p>
    <div class="table-wrap"><table class="data"><thead><tr><th class="text">${t('col.title')}</th><th>${t('col.due')}</th><th>${t('col.paid')}</th>
      <th>${t('col.outstanding')}</th><th class="text">${t('col.dueDate')}</th><th class="text">${t('fin.actions')}</th></tr></thead>
    <tbody>${d.items.length === 0 ? `<tr><td colspan="6" class="text muted">${t('fin.empty')}</td></tr>` : d.items.map((i, n) => `<tr data-i="${n}">
      <td class="text">${text(i.title)}</td><td>${fmt.money(i.amountDueFen)}</td><td>${fmt.money(i.paidFen)}</td><td>${fmt.money(i.outstandingFen)}</td>
      <td class="text">${text(i.dueDate)}</td><td class="text">${i.outstandingFen > 0 ? `<button type="button" class="btn link" data-pay>${t('fin.pay')}</button>` : ''}</td></tr>`).join('')}</tbody></table></div>`;
  body.querySelector('[data-new]').onclick = () => moneyDialog(t('fin.newItem'), [
    { name: 'title', label: t('fin.itemTitle') }, { name: 'amountDueFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true },
    { name: 'dueDate', type: 'date', label: t('fin.dueDate') }],
  (v, o) => api.post('finance/deposit/items', { title: v.title, amountDueFen: v.amountDueFen, ...(v.dueDate ? { dueDate: v.dueDate } : {}) }, o));
  body.querySelectorAll('[data-pay]').forEach(b => b.addEventListener('click', () => {
    const item = d.items[Number(b.closest('tr').dataset.i)];
    moneyDialog(`${t('fin.pay')} · ${item.title}`, [
      { name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true, value: fmt.fenToYuanInput(item.outstandingFen) }],
    (v, o) => api.post('finance/deposit/payments', { itemId: item.id, amountFen: v.amountFen }, o));
  }));
}

export async function reconciliationTab(body, api, toast) {
  body.innerHTML = `<form class="toolbar" data-recon><label>${t('fin.date')} ${dateField({ name: 'date' })}</label>
    <button type="submit" class="btn primary">${t('fin.search')}</button> <strong data-status></strong></form>
    <div class="table-wrap"><table class="data"><thead><tr><th class="text">${t('col.client')}</th><th>${t('col.persisted')}</th>
    <th>${t('col.ledger')}</th><th>${t('col.live')}</th><th>${t('col.diff')}</th></tr></thead><tbody></tbody></table></div>`;
  const form = body.querySelector('[data-recon]');
  const load = async () => {
    const r = await api.get('finance/reconciliation', form.date.value ? { date: form.date.value } : {});
    form.date.value = r.date;
    body.querySelector('[data-status]').textContent = t(r.ok ? 'fin.recon.ok' : 'fin.recon.diff');
    body.querySelector('tbody').innerHTML = r.clients.length === 0 ? `<tr><td colspan="5" class="text muted">${t('fin.empty')}</td></tr>`
      : r.clients.map(c => `<tr class="${c.agrees ? '' : 'down'}"><td class="text">${text(c.clientName)}</td><td>${fmt.money(c.persistedFen)}</td>
        <td>${fmt.money(c.ledgerFen)}</td><td>${fmt.money(c.liveFen)}</td><td>${fmt.money(c.liveDifferenceFen ?? c.unpostedFen)}</td></tr>`).join('');
  };
  form.addEventListener('submit', e => { e.preventDefault(); load().catch(err => toast(err.message, 'error')); });
  await load();
}
