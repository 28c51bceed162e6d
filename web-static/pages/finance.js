// Finance — 财务 (F1–F6): funds overview (agency balance, available, frozen; wallets; client totals),
// wallet recharge / refund (main account), client funds with allocation, coupons, credit and freezes,
// deposit (保证金), and the detail lists (allocations, recharges, refunds, coupon changes, spend by day
// or month, freezes, reconciliation) with the seed's filters, cursor paging and CSV download.
import { registerPage } from '../app.js';
import { request, idempotencyKey, ApiError } from '../api.js';
import { registerMessages, t, label as catalogueLabel } from '../i18n.js';
import * as fmt from '../format.js';
import { throttled, clients, dateField } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'fin.title': '财务', 'fin.balance': '账户余额', 'fin.available': '可用资金', 'fin.frozen': '冻结资金',
    'fin.general': '通用钱包', 'fin.external': '外投钱包', 'fin.deposit': '保证金', 'fin.clientCash': '委托人现金',
    'fin.clientCoupons': '委托人红包', 'fin.clientCredit': '可用授信', 'fin.arrears': '欠款',
    'fin.recharge': '充值', 'fin.refund': '退款', 'fin.freeze': '订单冻结', 'fin.unfreeze': '解冻',
    'fin.tab.clients': '客户资金', 'fin.tab.allocations': '分配明细', 'fin.tab.recharges': '充值明细',
    'fin.tab.refunds': '退款明细', 'fin.tab.coupons': '红包变更明细', 'fin.tab.spend': '消耗明细',
    'fin.tab.freezes': '订单冻结明细', 'fin.tab.credit': '后付明细', 'fin.tab.deposit': '保证金管理', 'fin.tab.recon': '消耗对账',
    'fin.limit': '额度调整', 'col.creditChange': '变更金额',
    'fin.q': '账户名称 / 账号 / pid', 'fin.from': '开始日期', 'fin.to': '结束日期', 'fin.wallet': '钱包',
    'fin.all': '全部', 'fin.changeType': '变更类型', 'fin.grant': '发放', 'fin.consume': '消耗', 'fin.expire': '过期',
    'fin.couponType': '红包类型', 'fin.normal': '普通红包', 'fin.traffic': '流量红包', 'fin.product': '推广产品',
    'fin.spendType': '消耗类型', 'fin.performance': '效果', 'fin.brand': '品牌', 'fin.granularity': '粒度',
    'fin.day': '日明细', 'fin.month': '月明细', 'fin.status': '状态', 'fin.frozenStatus': '冻结中', 'fin.unfrozenStatus': '已解冻',
    'fin.search': '查询', 'fin.download': '下载明细', 'fin.next': '下一页', 'fin.first': '首页', 'fin.total': '共 {n} 条',
    'fin.empty': '暂无数据', 'fin.actions': '操作', 'fin.transfer': '划账', 'fin.coupon': '发红包', 'fin.credit': '授信额度',
    'fin.amountYuan': '金额（元）', 'fin.paymentRef': '支付流水号', 'fin.memo': '备注', 'fin.orderRef': '订单号',
    'fin.expiresAt': '有效期至', 'fin.limitYuan': '授信额度（元）', 'fin.in': '转入委托人', 'fin.out': '转回代理商',
    'fin.direction': '方向', 'fin.saved': '已完成', 'fin.invalidAmount': '请输入有效金额', 'fin.amountDue': '待缴纳总金额',
    'fin.frozenTotal': '保证金冻结总金额', 'fin.pay': '缴纳', 'fin.newItem': '新增保证金项', 'fin.itemTitle': '名称',
    'fin.dueDate': '截止日期', 'fin.recon.ok': '账实相符', 'fin.recon.diff': '存在差异', 'fin.date': '日期',
    'fin.walletTarget': '冻结对象（委托人，不选为通用钱包）', 'fin.walletTargetHint': '搜索委托人名称，不选则冻结通用钱包', 'fin.ledgerOk': '总账校验通过', 'fin.ledgerBad': '总账校验失败',
    'col.time': '时间', 'col.client': '委托人', 'col.pid': 'pid', 'col.account': '账号', 'col.amount': '金额',
    'col.cash': '现金', 'col.normal': '普通红包', 'col.traffic': '流量红包', 'col.creditLimit': '授信额度',
    'col.creditAvailable': '可用授信', 'col.frozen': '冻结', 'col.arrears': '欠款', 'col.balanceTotal': '可用余额',
    'col.direction': '方向', 'col.wallet': '钱包', 'col.reference': '流水号', 'col.memo': '备注', 'col.changeType': '变更类型',
    'col.couponType': '红包类型', 'col.expiresAt': '有效期', 'col.period': '日期', 'col.product': '推广产品',
    'col.spendType': '消耗类型', 'col.deducted': '扣款金额', 'col.credit': '后付', 'col.orderRef': '订单号',
    'col.status': '状态', 'col.frozenAt': '冻结时间', 'col.unfrozenAt': '解冻时间', 'col.persisted': '投放数据',
    'col.ledger': '总账', 'col.live': '实时', 'col.diff': '差异', 'col.title': '名称', 'col.due': '应缴', 'col.paid': '已缴',
    'col.outstanding': '待缴', 'col.dueDate': '截止日期',
  },
  en: {
    'fin.title': 'Finance', 'fin.balance': 'Agency balance', 'fin.available': 'Available', 'fin.frozen': 'Frozen',
    'fin.general': 'General wallet', 'fin.external': 'External wallet', 'fin.deposit': 'Deposit', 'fin.clientCash': 'Client cash',
    'fin.clientCoupons': 'Client coupons', 'fin.clientCredit': 'Available credit', 'fin.arrears': 'Arrears',
    'fin.recharge': 'Recharge', 'fin.refund': 'Refund', 'fin.freeze': 'Freeze order', 'fin.unfreeze': 'Unfreeze',
    'fin.tab.clients': 'Client funds', 'fin.tab.allocations': 'Allocations', 'fin.tab.recharges': 'Recharges',
    'fin.tab.refunds': 'Refunds', 'fin.tab.coupons': 'Coupon changes', 'fin.tab.spend': 'Spend',
    'fin.tab.freezes': 'Order freezes', 'fin.tab.credit': 'Post-pay', 'fin.tab.deposit': 'Deposit', 'fin.tab.recon': 'Reconciliation',
    'fin.limit': 'Limit change', 'col.creditChange': 'Change',
    'fin.q': 'Name / account / pid', 'fin.from': 'From', 'fin.to': 'To', 'fin.wallet': 'Wallet',
    'fin.all': 'All', 'fin.changeType': 'Change type', 'fin.grant': 'Grant', 'fin.consume': 'Consume', 'fin.expire': 'Expire',
    'fin.couponType': 'Coupon type', 'fin.normal': 'Normal', 'fin.traffic': 'Traffic', 'fin.product': 'Product',
    'fin.spendType': 'Spend type', 'fin.performance': 'Performance', 'fin.brand': 'Brand', 'fin.granularity': 'Granularity',
    'fin.day': 'Daily', 'fin.month': 'Monthly', 'fin.status': 'Status', 'fin.frozenStatus': 'Frozen', 'fin.unfrozenStatus': 'Unfrozen',
    'fin.search': 'Search', 'fin.download': 'Download', 'fin.next': 'Next', 'fin.first': 'First page', 'fin.total': '{n} rows',
    'fin.empty': 'No data', 'fin.actions': 'Actions', 'fin.transfer': 'Transfer', 'fin.coupon': 'Grant coupon', 'fin.credit': 'Credit limit',
    'fin.amountYuan': 'Amount (CNY)', 'fin.paymentRef': 'Payment reference', 'fin.memo': 'Memo', 'fin.orderRef': 'Order reference',
    'fin.expiresAt': 'Valid until', 'fin.limitYuan': 'Credit limit (CNY)', 'fin.in': 'To the client', 'fin.out': 'Back to the agency',
    'fin.direction': 'Direction', 'fin.saved': 'Done', 'fin.invalidAmount': 'Enter a valid amount', 'fin.amountDue': 'Amount due',
    'fin.frozenTotal': 'Deposit frozen', 'fin.pay': 'Pay', 'fin.newItem': 'New deposit item', 'fin.itemTitle': 'Title',
    'fin.dueDate': 'Due date', 'fin.recon.ok': 'Ledger agrees', 'fin.recon.diff': 'Differences found', 'fin.date': 'Date',
    'fin.walletTarget': 'Client (none: general wallet)', 'fin.walletTargetHint': 'Search a client by name; none freezes the general wallet', 'fin.ledgerOk': 'Ledger check passed', 'fin.ledgerBad': 'Ledger check failed',
    'col.time': 'Time', 'col.client': 'Client', 'col.pid': 'pid', 'col.account': 'Account', 'col.amount': 'Amount',
    'col.cash': 'Cash', 'col.normal': 'Normal coupons', 'col.traffic': 'Traffic coupons', 'col.creditLimit': 'Credit limit',
    'col.creditAvailable': 'Available credit', 'col.frozen': 'Frozen', 'col.arrears': 'Arrears', 'col.balanceTotal': 'Balance',
    'col.direction': 'Direction', 'col.wallet': 'Wallet', 'col.reference': 'Reference', 'col.memo': 'Memo', 'col.changeType': 'Change',
    'col.couponType': 'Coupon', 'col.expiresAt': 'Valid until', 'col.period': 'Period', 'col.product': 'Product',
    'col.spendType': 'Type', 'col.deducted': 'Deducted', 'col.credit': 'Post-pay', 'col.orderRef': 'Order',
    'col.status': 'Status', 'col.frozenAt': 'Frozen at', 'col.unfrozenAt': 'Unfrozen at', 'col.persisted': 'Delivery data',
    'col.ledger': 'Ledger', 'col.live': 'Live', 'col.diff': 'Difference', 'col.title': 'Title', 'col.due': 'Due', 'col.paid': 'Paid',
    'col.outstanding': 'Outstanding', 'col.dueDate': 'Due date',
  },
});

const money = v => fmt.money(v);
const text = v => fmt.esc(v ?? '');
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
const LISTS = {
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

const TABS = ['clients', 'allocations', 'recharges', 'refunds', 'coupons', 'spend', 'freezes', 'credit', 'deposit', 'recon'];

registerPage('finance', {
  title: { 'zh-CN': '财务', en: 'Finance' },
  nav: true,
  order: 40,
  capability: 'FUNDS_MANAGE',
  async render(el, ctx) {
    const { api } = ctx;
    let tab = TABS.includes(ctx.params.tab) ? ctx.params.tab : 'clients';
    let cursors = [];
    el.innerHTML = `<h1>${t('fin.title')}</h1>
      <section class="card" aria-label="${t('fin.title')}">
        <header><h2>${t('fin.balance')}</h2>
          ${ctx.can('WALLET_RECHARGE') ? `<button type="button" class="btn primary" data-act="recharge">${t('fin.recharge')}</button>
            <button type="button" class="btn" data-act="refund">${t('fin.refund')}</button>` : ''}
          <button type="button" class="btn" data-act="freeze">${t('fin.freeze')}</button>
          <span data-ledger class="muted"></span></header>
        <div class="kpis" data-overview></div></section>
      <section class="card" style="margin-top:12px">
        <div class="tabs" role="tablist">${TABS.map(n => `<button type="button" role="tab" data-tab="${n}" aria-selected="${n === tab}">${t('fin.tab.' + n)}</button>`).join('')}</div>
        <div data-body></div></section>`;
    const body = el.querySelector('[data-body]');

    async function overview() {
      const [o, check] = await Promise.all([api.get('finance/overview'), api.get('finance/ledger/check').catch(() => null)]);
      const tiles = [['balance', o.balanceFen], ['available', o.availableFen], ['frozen', o.frozenFen],
        ['general', o.wallets.generalFen], ['external', o.wallets.externalFen], ['deposit', o.depositFen],
        ['clientCash', o.clients.cashFen], ['clientCoupons', o.clients.couponNormalFen + o.clients.couponTrafficFen],
        ['clientCredit', o.clients.creditAvailableFen], ['arrears', o.clients.arrearsFen]];
      el.querySelector('[data-overview]').innerHTML = tiles.map(([k, v]) => `<div class="kpi" data-testid="fin-${k}">
        <div class="label">${t('fin.' + k)}</div><div class="value">${fmt.money(v)}</div></div>`).join('');
      if (check) el.querySelector('[data-ledger]').textContent = t(check.ok ? 'fin.ledgerOk' : 'fin.ledgerBad');
    }

    function filterForm(list) {
      return `<form class="toolbar" data-filters role="search">${list.filters.map(f => {
        if (f.type === 'search') return `<label><span class="sr-only">${t('fin.q')}</span><input type="search" name="q" placeholder="${t('fin.q')}" size="24"></label>`;
        if (f.type === 'date') return `<label>${t(f.label)} ${dateField({ name: f.name })}</label>`;
        return `<label>${t(f.label)} <select name="${f.name}">${f.noAll ? '' : `<option value="">${t('fin.all')}</option>`}${f.options.map(([v, k]) =>
          `<option value="${v}">${t(k)}</option>`).join('')}</select></label>`;
      }).join('')}<button type="submit" class="btn primary">${t('fin.search')}</button>
        <button type="button" class="btn" data-download>${t('fin.download')}</button></form>
        <div data-totals class="kpis" style="margin:8px 0"></div>
        <div class="table-wrap"><table class="data" data-testid="finance-table"><thead></thead><tbody></tbody></table></div>
        <div class="pager"><span data-count></span><button type="button" class="btn" data-first>${t('fin.first')}</button>
          <button type="button" class="btn" data-next>${t('fin.next')}</button></div>`;
    }

    function filters() {
      const form = body.querySelector('[data-filters]');
      return form ? Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== '')) : {};
    }

    async function loadList(cursor) {
      const list = LISTS[tab];
      const r = await api.get(list.path, { ...filters(), cursor, limit: 20 });
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
      body.querySelector('[data-next]').onclick = () => { cursors.push(r.nextCursor); loadList(r.nextCursor); };
      body.querySelector('[data-first]').onclick = () => { cursors = []; loadList(); };
      body.querySelector('[data-totals]').innerHTML = list.totals && r.totals ? [['costFen', 'col.deducted'], ['cashFen', 'col.cash'],
        ['couponNormalFen', 'col.normal'], ['couponTrafficFen', 'col.traffic'], ['creditFen', 'col.credit'], ['arrearsFen', 'col.arrears']]
        .map(([k, l]) => `<div class="kpi"><div class="label">${t(l)}</div><div class="value">${fmt.money(r.totals[k])}</div></div>`).join('') : '';
      body.querySelectorAll('[data-row]').forEach(b => b.addEventListener('click', () => rowAction(b.dataset.row, rows[Number(b.closest('tr').dataset.i)])));
    }

    /** Downloads the filtered list through the task center (X1): an export task, then the task center page. */
    async function download() {
      const path = LISTS[tab].path;
      const kind = path === 'finance/client-funds' ? 'client-funds' : path.replace('/', '-');
      const task = await api.post('exports', { kind, format: 'csv', filters: filters() });
      ctx.toast(t('task.started'));
      ctx.navigate('tasks', { id: task.id });
    }

    /** A money action in a dialog: one Idempotency-Key per dialog, so a resubmission cannot move money twice. */
    async function moneyDialog(title, fields, send) {
      const key = idempotencyKey();
      const done = await ctx.dialog({
        title, fields,
        onSubmit: async (v, setError) => {
          for (const f of fields.filter(f => f.money)) {
            const fen = fmt.yuanToFen(v[f.name]);
            if (fen === null || (fen === 0 && !f.zeroOk)) { setError(f.name, t('fin.invalidAmount')); return false; }
            v[f.name] = fen;
          }
          try {
            return await send(v, { headers: { 'Idempotency-Key': key } });
          } catch (e) {
            if (e instanceof ApiError && e.errors.length) { e.errors.forEach(x => setError(x.field, x.message)); return false; }
            throw e;
          }
        },
      });
      if (done) { ctx.toast(t('fin.saved')); refresh(); }
    }

    function rowAction(act, row) {
      const id = row.clientId;
      if (act === 'transfer') {
        return moneyDialog(`${t('fin.transfer')} · ${row.clientName}`, [
          { name: 'direction', type: 'radio', label: t('fin.direction'), value: 'in', options: [{ value: 'in', label: t('fin.in') }, { value: 'out', label: t('fin.out') }] },
          { name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true }],
        (v, o) => api.post(`clients/${id}/transfers`, { direction: v.direction, amountFen: v.amountFen }, o));
      }
      if (act === 'coupon') {
        const week = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
        return moneyDialog(`${t('fin.coupon')} · ${row.clientName}`, [
          { name: 'type', type: 'radio', label: t('fin.couponType'), value: 'normal', options: [{ value: 'normal', label: t('fin.normal') }, { value: 'traffic', label: t('fin.traffic') }] },
          { name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true },
          { name: 'expiresAt', type: 'date', label: t('fin.expiresAt'), value: week }],
        (v, o) => api.post(`clients/${id}/coupons`, { type: v.type, amountFen: v.amountFen,
          expiresAt: v.expiresAt ? new Date(v.expiresAt + 'T23:59:59').toISOString() : '' }, o));
      }
      if (act === 'credit') {
        return moneyDialog(`${t('fin.credit')} · ${row.clientName}`, [
          { name: 'limitFen', label: t('fin.limitYuan'), inputmode: 'decimal', money: true, zeroOk: true, value: fmt.fenToYuanInput(row.creditLimitFen) }],
        (v, o) => api.put(`clients/${id}/credit-limit`, { limitFen: v.limitFen }, o));
      }
      if (act === 'unfreeze') {
        return moneyDialog(`${t('fin.unfreeze')} · ${row.orderRef}`, [], (v, o) => request('POST', `finance/freezes/${row.id}/unfreeze`, o));
      }
      return null;
    }

    async function deposit() {
      const d = await api.get('finance/deposit');
      body.innerHTML = `<div class="kpis"><div class="kpi"><div class="label">${t('fin.amountDue')}</div><div class="value">${fmt.money(d.amountDueFen)}</div></div>
          <div class="kpi"><div class="label">${t('fin.frozenTotal')}</div><div class="value">${fmt.money(d.frozenTotalFen)}</div></div></div>
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

    async function reconciliation() {
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
      form.addEventListener('submit', e => { e.preventDefault(); load().catch(err => ctx.toast(err.message, 'error')); });
      await load();
    }

    async function showTab() {
      el.querySelectorAll('[data-tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
      cursors = [];
      if (tab === 'deposit') return deposit();
      if (tab === 'recon') return reconciliation();
      body.innerHTML = filterForm(LISTS[tab]);
      body.querySelector('[data-filters]').addEventListener('submit', e => { e.preventDefault(); cursors = []; loadList().catch(err => ctx.toast(err.message, 'error')); });
      body.querySelector('[data-download]').addEventListener('click', () => download().catch(err => ctx.toast(err.message, 'error')));
      return loadList();
    }

    function refresh() {
      overview().catch(e => ctx.toast(e.message, 'error'));
      (tab === 'deposit' ? deposit() : tab === 'recon' ? reconciliation() : body.querySelector('[data-filters]') ? loadList(cursors[cursors.length - 1]) : showTab())
        .catch(e => ctx.toast(e.message, 'error'));
    }

    el.querySelectorAll('[data-tab]').forEach(b => b.addEventListener('click', () => {
      tab = b.dataset.tab;
      showTab().catch(e => ctx.toast(e.message, 'error'));
    }));
    const walletDialog = kind => moneyDialog(t('fin.' + kind), [
      { name: 'wallet', type: 'radio', label: t('fin.wallet'), value: 'general', options: [{ value: 'general', label: t('fin.general') }, { value: 'external', label: t('fin.external') }] },
      { name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true },
      { name: 'paymentReference', label: t('fin.paymentRef') },
      { name: 'memo', label: t('fin.memo') }],
    (v, o) => api.post('finance/' + (kind === 'recharge' ? 'recharges' : 'refunds'),
      { wallet: v.wallet, amountFen: v.amountFen, paymentReference: v.paymentReference, ...(v.memo ? { memo: v.memo } : {}) }, o));
    el.querySelector('[data-act=recharge]')?.addEventListener('click', () => walletDialog('recharge'));
    el.querySelector('[data-act=refund]')?.addEventListener('click', () => walletDialog('refund'));
    el.querySelector('[data-act=freeze]').addEventListener('click', () => moneyDialog(t('fin.freeze'), [
      { name: 'clientId', type: 'picker', label: t('fin.walletTarget'), search: clients(api), placeholder: t('fin.walletTargetHint') },
      { name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true },
      { name: 'orderRef', label: t('fin.orderRef') }],
    (v, o) => api.post('finance/freezes', { amountFen: v.amountFen, orderRef: v.orderRef,
      ...(v.clientId ? { clientId: Number(v.clientId) } : { wallet: 'general' }) }, o)));

    await Promise.all([overview(), showTab()]);
    // Balances move with allocations made elsewhere (monitoring table, other staff): keep the header fresh.
    const again = throttled(() => overview().catch(() => {}), 5000);
    const off = ctx.live.on('counters', again);
    return () => off();
  },
});
