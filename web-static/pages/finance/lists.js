// Finance's detail lists (client funds, allocations, recharges, refunds, coupon and credit changes, spend,
// order freezes): each list's endpoint, filters and columns, its filter form, one page with cursor paging,
// and the download through the task center.
import { t, label as catalogueLabel } from '../../i18n.js';
import * as fmt from '../../format.js';
import { dateField } from '../../widgets.js';

const money = v => fmt.money(v);
export const text = v => fmt.esc(v ?? '');
const when = v => fmt.esc(fmt.time(v));
// the page's own wording first, then the shared catalogue (transaction kinds such as opening), then the value
const label = prefix => v => {
  if (v == null) return '';
  const own = t(prefix + v);
  return fmt.esc(own !== prefix + v ? own : catalogueLabel('tx', v));
};

/** Filter fields: q (search), dates, and select lists. */
const F = {
  q: { name: 'q', type: 'search' },
  from: { name: 'from', type: 'date', label: 'fin.from' },
  to: { name: 'to', type: 'date', label: 'fin.to' },
  wallet: { name: 'wallet', label: 'fin.wallet', options: [['general', 'fin.general'], ['external', 'fin.external']] },
  changeType: { name: 'changeType', label: 'fin.changeType', options: [['grant', 'fin.grant'], ['consume', 'fin.consume'], ['expire', 'fin.expire']] },
  couponType: { name: 'couponType', label: 'fin.couponType', options: [['normal', 'fin.normal'], ['traffic', 'fin.traffic']] },
  product: { name: 'product', label: 'fin.product', options: [['smart', 'mon.smart'], ['search', 'mon.search'], ['display', 'mon.display'], ['external', 'mon.external']] },
  spendType: { name: 'spendType', label: 'fin.spendType', options: [['performance', 'fin.performance'], ['brand', 'fin.brand']] },
  granularity: { name: 'granularity', label: 'fin.granularity', options: [['day', 'fin.day'], ['month', 'fin.month']], noAll: true },
  creditChange: { name: 'changeType', label: 'fin.changeType', options: [['limit', 'fin.limit'], ['consume', 'fin.consume']] },
  status: { name: 'status', label: 'fin.status', options: [['frozen', 'fin.frozenStatus'], ['unfrozen', 'fin.unfrozenStatus']] },
};

/** The detail lists: endpoint, filters, columns [field, label, format, text-aligned]. */
export const LISTS = {
  clients: { path: 'finance/client-funds', filters: [F.q], actions: true, columns: [
    ['clientName', 'col.client', text, true], ['pid', 'col.pid', text, true], ['account', 'col.account', text, true],
    ['cashFen', 'col.cash', money], ['couponNormalFen', 'col.normal', money], ['couponTrafficFen', 'col.traffic', money],
    ['creditLimitFen', 'col.creditLimit', money], ['creditAvailableFen', 'col.creditAvailable', money],
    ['frozenFen', 'col.frozen', money], ['arrearsFen', 'col.arrears', money], ['balanceFen', 'col.balanceTotal', money]] },
  allocations: { path: 'finance/allocations', filters: [F.q, F.from, F.to, F.wallet], columns: [
    ['time', 'col.time', when, true], ['clientName', 'col.client', text, true], ['account', 'col.account', text, true],
    ['pid', 'col.pid', text, true], ['direction', 'col.direction', label('fin.'), true], ['amountFen', 'col.amount', money],
    ['wallet', 'col.wallet', label('fin.'), true], ['memo', 'col.memo', text, true]] },
  recharges: { path: 'finance/recharges', filters: [F.from, F.to, F.wallet], columns: [
    ['time', 'col.time', when, true], ['wallet', 'col.wallet', label('fin.'), true], ['amountFen', 'col.amount', money],
    ['paymentReference', 'col.reference', text, true], ['memo', 'col.memo', text, true]] },
  refunds: { path: 'finance/refunds', filters: [F.from, F.to, F.wallet], columns: [
    ['time', 'col.time', when, true], ['wallet', 'col.wallet', label('fin.'), true], ['amountFen', 'col.amount', money],
    ['paymentReference', 'col.reference', text, true], ['memo', 'col.memo', text, true]] },
  coupons: { path: 'finance/coupon-changes', filters: [F.q, F.from, F.to, F.changeType, F.couponType], columns: [
    ['time', 'col.time', when, true], ['clientName', 'col.client', text, true], ['pid', 'col.pid', text, true],
    ['changeType', 'col.changeType', label('fin.'), true], ['couponType', 'col.couponType', label('fin.'), true],
    ['amountFen', 'col.amount', money], ['expiresAt', 'col.expiresAt', when, true]] },
  credit: { path: 'finance/credit-changes', filters: [F.q, F.from, F.to, F.creditChange], columns: [
    ['time', 'col.time', when, true], ['clientName', 'col.client', text, true], ['pid', 'col.pid', text, true],
    ['changeType', 'col.changeType', label('fin.'), true], ['amountFen', 'col.creditChange', money],
    ['creditLimitFen', 'col.creditLimit', money]] },
  spend: { path: 'finance/spend', filters: [F.q, F.from, F.to, F.product, F.spendType, F.granularity], totals: true, columns: [
    ['period', 'col.period', text, true], ['clientName', 'col.client', text, true], ['pid', 'col.pid', text, true],
    ['product', 'col.product', label('mon.'), true], ['spendType', 'col.spendType', label('fin.'), true],
    ['costFen', 'col.deducted', money], ['cashFen', 'col.cash', money], ['couponNormalFen', 'col.normal', money],
    ['couponTrafficFen', 'col.traffic', money], ['creditFen', 'col.credit', money], ['arrearsFen', 'col.arrears', money]] },
  freezes: { path: 'finance/freezes', filters: [F.q, F.from, F.to, F.status], unfreeze: true, columns: [
    ['orderRef', 'col.orderRef', text, true], ['clientName', 'col.client', text, true], ['wallet', 'col.wallet', label('fin.'), true],
    ['amountFen', 'col.amount', money], ['status', 'col.status', v => fmt.esc(t(v === 'frozen' ? 'fin.frozenStatus' : 'fin.unfrozenStatus')), true],
    ['frozenAt', 'col.frozenAt', when, true], ['unfrozenAt', 'col.unfrozenAt', when, true]] },
};

export const TABS = ['clients', 'allocations', 'recharges', 'refunds', 'coupons', 'spend', 'freezes', 'credit', 'deposit', 'recon'];


export function filterForm(list) {
  return `<form class="toolbar" data-filters role="search">${list.filters.map(f => {
    if (f.type === 'search') return `<label><span class="sr-only">${t('fin.q')}</span><input type="search" name="q" placeholder="${t('fin.q')}" size="24"></label>`;
    if (f.type === 'date') return `<label>${t(f.label)} ${dateField({ name: f.name })}</label>`;
    return `<label>${t(f.label)} <select name="${f.name}">${f.noAll ? '' : `<option value="">${t('fin.all')}</option>`}${f.options.map(([v, k]) =>
      `<option value="${v}">${t(k)}</option>`).join('')}</select></label>`;
  }).join('')}<button type="submit" class="btn primary">${t('fin.search')}</button>
    <button type="button" class="btn" data-download>${t('fin.download')}</button></form>
    <div data-totals class="kpis fin-totals"></div>
    <div class="table-wrap"><table class="data" data-testid="finance-table"><thead></thead><tbody></tbody></table></div>
    <div class="pager"><span data-count></span><button type="button" class="btn" data-first>${t('fin.first')}</button>
      <button type="button" class="btn" data-next>${t('fin.next')}</button></div>`;
}

/** The filter form's values, without the empty ones. */
export function filters(body) {
  const form = body.querySelector('[data-filters]');
  return form ? Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== '')) : {};
}

const TOTALS = [['costFen', 'col.deducted'], ['cashFen', 'col.cash'], ['couponNormalFen', 'col.normal'], ['couponTrafficFen', 'col.traffic'],
  ['creditFen', 'col.credit'], ['arrearsFen', 'col.arrears']];

/** Renders one page of a list answer; row buttons carry data-row (their action) inside tr[data-i]. */
export function renderPage(body, list, r) {
  body.querySelector('thead').innerHTML = `<tr>${list.columns.map(([, l, , isText]) => `<th scope="col" class="${isText ? 'text' : ''}">${t(l)}</th>`).join('')}
    ${list.actions || list.unfreeze ? `<th scope="col" class="text">${t('fin.actions')}</th>` : ''}</tr>`;
  const rows = r.items || [];
  body.querySelector('tbody').innerHTML = rows.length === 0
    ? `<tr><td colspan="${list.columns.length + 1}" class="text muted">${t('fin.empty')}</td></tr>`
    : rows.map((row, i) => `<tr data-i="${i}">${list.columns.map(([k, , f, isText]) => `<td class="${isText ? 'text' : ''}">${f(row[k])}</td>`).join('')}
      ${list.actions ? `<td class="text"><button type="button" class="btn link" data-row="transfer">${t('fin.transfer')}</button>
        <button type="button" class="btn link" data-row="coupon">${t('fin.coupon')}</button>
        <button type="button" class="btn link" data-row="credit">${t('fin.credit')}</button></td>` : ''}
      ${list.unfreeze ? `<td class="text">${row.status === 'frozen' ? `<button type="button" class="btn link" data-row="unfreeze">${t('fin.unfreeze')}</button>` : ''}</td>` : ''}</tr>`).join('');
  body.querySelector('[data-count]').textContent = t('fin.total', { n: r.total });
  body.querySelector('[data-next]').disabled = !r.nextCursor;
  body.querySelector('[data-totals]').innerHTML = list.totals && r.totals ? TOTALS
    .map(([k, l]) => `<div class="kpi"><div class="label">${t(l)}</div><div class="value">${fmt.money(r.totals[k])}</div></div>`).join('') : '';
  return rows;
}

/** The export kind of a list: its path with a dash (client funds have their own name). */
export const exportKind = list => (list.path === 'finance/client-funds' ? 'client-funds' : list.path.replace('/', '-'));
