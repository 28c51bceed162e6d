// Finance — 财务: funds overview (agency balance, available, frozen; wallets; client totals),
// wallet recharge / refund (main account), client funds with allocation, coupons, credit and freezes,
// deposit (保证金), and the detail lists (allocations, recharges, refunds, coupon changes, spend by day
// or month, freezes, reconciliation) with their filters, cursor paging and download. The parts live in
// pages/finance/: lists (filters, columns, a page), actions (money dialogs), ledger (deposit, reconciliation).
import { registerPage } from '../app.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';
import { throttled } from '../widgets.js';
import { LISTS, TABS, filterForm, filters, renderPage, exportKind } from './finance/lists.js';
import { moneyDialogs, rowAction, walletDialog, freezeDialog } from './finance/actions.js';
import { depositTab, reconciliationTab } from './finance/ledger.js';

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

const OVERVIEW = [['balance', o => o.balanceFen], ['available', o => o.availableFen], ['frozen', o => o.frozenFen],
  ['general', o => o.wallets.generalFen], ['external', o => o.wallets.externalFen], ['deposit', o => o.depositFen],
  ['clientCash', o => o.clients.cashFen], ['clientCoupons', o => o.clients.couponNormalFen + o.clients.couponTrafficFen],
  ['clientCredit', o => o.clients.creditAvailableFen], ['arrears', o => o.clients.arrearsFen]];

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
        <div class="kpis five" data-overview></div></section>
      <section class="card fin-lists">
        <div class="tabs" role="tablist">${TABS.map(n => `<button type="button" role="tab" data-tab="${n}" aria-selected="${n === tab}">${t('fin.tab.' + n)}</button>`).join('')}</div>
        <div data-body></div></section>`;
    const body = el.querySelector('[data-body]');
    const moneyDialog = moneyDialogs(ctx, () => refresh());

    async function overview() {
      const [o, check] = await Promise.all([api.get('finance/overview'), api.get('finance/ledger/check').catch(() => null)]);
      el.querySelector('[data-overview]').innerHTML = OVERVIEW.map(([k, v]) => `<div class="kpi" data-testid="fin-${k}">
        <div class="label">${t('fin.' + k)}</div><div class="value">${fmt.money(v(o))}</div></div>`).join('');
      if (check) el.querySelector('[data-ledger]').textContent = t(check.ok ? 'fin.ledgerOk' : 'fin.ledgerBad');
    }

    async function loadList(cursor) {
      const list = LISTS[tab];
      const r = await api.get(list.path, { ...filters(body), cursor, limit: 20 });
      const rows = renderPage(body, list, r);
      body.querySelector('[data-next]').onclick = () => { cursors.push(r.nextCursor); loadList(r.nextCursor); };
      body.querySelector('[data-first]').onclick = () => { cursors = []; loadList(); };
      body.querySelectorAll('[data-row]').forEach(b => b.addEventListener('click', () =>
        rowAction(api, moneyDialog, b.dataset.row, rows[Number(b.closest('tr').dataset.i)])));
    }

    /** Downloads the filtered list through the task center: an export task, then the task center page. */
    async function download() {
      const task = await api.post('exports', { kind: exportKind(LISTS[tab]), format: 'csv', filters: filters(body) });
      ctx.toast(t('task.started'));
      ctx.navigate('tasks', { id: task.id });
    }

    async function showTab() {
      el.querySelectorAll('[data-tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
      cursors = [];
      if (tab === 'deposit') return depositTab(body, api, moneyDialog);
      if (tab === 'recon') return reconciliationTab(body, api, ctx.toast);
      body.innerHTML = filterForm(LISTS[tab]);
      body.querySelector('[data-filters]').addEventListener('submit', e => { e.preventDefault(); cursors = []; loadList().catch(err => ctx.toast(err.message, 'error')); });
      body.querySelector('[data-download]').addEventListener('click', () => download().catch(err => ctx.toast(err.message, 'error')));
      return loadList();
    }

    function refresh() {
      overview().catch(e => ctx.toast(e.message, 'error'));
      const again = tab === 'deposit' ? depositTab(body, api, moneyDialog) : tab === 'recon' ? reconciliationTab(body, api, ctx.toast)
        : body.querySelector('[data-filters]') ? loadList(cursors[cursors.length - 1]) : showTab();
      again.catch(e => ctx.toast(e.message, 'error'));
    }

    el.querySelectorAll('[data-tab]').forEach(b => b.addEventListener('click', () => {
      tab = b.dataset.tab;
      showTab().catch(e => ctx.toast(e.message, 'error'));
    }));
    el.querySelector('[data-act=recharge]')?.addEventListener('click', () => walletDialog(api, moneyDialog, 'recharge'));
    el.querySelector('[data-act=refund]')?.addEventListener('click', () => walletDialog(api, moneyDialog, 'refund'));
    el.querySelector('[data-act=freeze]').addEventListener('click', () => freezeDialog(api, moneyDialog));

    await Promise.all([overview(), showTab()]);
    // Balances move with allocations made elsewhere (monitoring table, other staff): keep the header fresh.
    const again = throttled(() => overview().catch(() => {}), 5000);
    const off = ctx.live.on('counters', again);
    return () => off();
  },
});
