// Ticket center — 工单中心: new ticket (category rule: changing it clears the content),
// the three lists (mine, to handle = returned, all of the agency), detail with the progress timeline,
// urge with a countdown when too early, cancel, edit-and-resubmit, satisfaction. The screens live in
// pages/tickets/: list, detail, form, and the ticket actions they share.
import { registerPage } from '../app.js';
import { registerMessages } from '../i18n.js';
import { listScreen } from './tickets/list.js';
import { detailScreen } from './tickets/detail.js';
import { formScreen } from './tickets/form.js';

registerMessages({
  'zh-CN': {
    'tk.title': '工单中心', 'tk.new': '新建工单', 'tk.mine': '我提交的', 'tk.returned': '待我处理', 'tk.all': '全部工单',
    'tk.category': '工单类目', 'tk.cat.delivery_effect': '投放效果', 'tk.cat.delivery_product': '投放产品',
    'tk.cat.product_consultation': '基础产品咨询', 'tk.titleField': '工单标题', 'tk.unitId': '单元ID',
    'tk.from': '问题开始时间', 'tk.to': '问题结束时间', 'tk.impact': '消耗影响量级（元）', 'tk.selfCheck': '自查结果',
    'tk.diagnosis': '查看诊断信息（智能诊断）', 'tk.description': '问题描述（可直接粘贴图片）', 'tk.client': '委托人（可选）',
    'tk.submit': '提交', 'tk.clearConfirm': '类目修改后，历史编辑内容将全部清空，确定修改吗？',
    'tk.st.processing': '处理中', 'tk.st.returned': '已退回', 'tk.st.completed': '已完结', 'tk.st.cancelled': '已撤销',
    'tk.status': '工单状态', 'tk.id': '工单ID', 'tk.submitter': '提交人', 'tk.submittedAt': '提交时间', 'tk.actions': '操作',
    'tk.urge': '催办', 'tk.cancel': '撤销', 'tk.resubmit': '重新提交', 'tk.rate': '满意度评价', 'tk.solved': '已解决',
    'tk.unsolved': '未解决', 'tk.reason': '未解决原因', 'tk.search': '查询', 'tk.empty': '暂无工单', 'tk.timeline': '处理进度',
    'tk.urgeIn': '{t} 后可催办', 'tk.urged': '已催办', 'tk.done': '操作成功', 'tk.returnReason': '退回原因',
    'tk.cancelConfirm': '确定撤销该工单？', 'tk.back': '返回列表', 'tk.support': '平台客服', 'tk.images': '图片', 'tk.uploading': '图片上传中…',
    'tk.ev.submitted': '提交工单', 'tk.ev.urged': '催办', 'tk.ev.returned': '工单退回', 'tk.ev.completed': '工单完结',
    'tk.ev.cancelled': '撤销工单', 'tk.ev.auto_cancelled': '退回超14天自动撤销', 'tk.ev.resubmitted': '重新提交',
    'tk.ev.note': '处理备注', 'tk.ev.rated': '满意度回执', 'tk.page': '第 {p} 页 / 共 {n} 条', 'tk.prev': '上一页', 'tk.next': '下一页',
  },
  en: {
    'tk.title': 'Tickets', 'tk.new': 'New ticket', 'tk.mine': 'Submitted by me', 'tk.returned': 'To handle', 'tk.all': 'All tickets',
    'tk.category': 'Category', 'tk.cat.delivery_effect': 'Delivery effect', 'tk.cat.delivery_product': 'Delivery product',
    'tk.cat.product_consultation': 'Product consultation', 'tk.titleField': 'Title', 'tk.unitId': 'Unit id',
    'tk.from': 'Problem started', 'tk.to': 'Problem ended', 'tk.impact': 'Spend impact (CNY)', 'tk.selfCheck': 'Self-check result',
    'tk.diagnosis': 'Open the diagnosis tool', 'tk.description': 'Description (paste images here)', 'tk.client': 'Client (optional)',
    'tk.submit': 'Submit', 'tk.clearConfirm': 'Changing the category clears everything you wrote. Change it?',
    'tk.st.processing': 'Processing', 'tk.st.returned': 'Returned', 'tk.st.completed': 'Completed', 'tk.st.cancelled': 'Cancelled',
    'tk.status': 'Status', 'tk.id': 'Ticket id', 'tk.submitter': 'Submitter', 'tk.submittedAt': 'Submitted', 'tk.actions': 'Actions',
    'tk.urge': 'Urge', 'tk.cancel': 'Cancel', 'tk.resubmit': 'Resubmit', 'tk.rate': 'Rate', 'tk.solved': 'Solved',
    'tk.unsolved': 'Not solved', 'tk.reason': 'Why not solved', 'tk.search': 'Search', 'tk.empty': 'No tickets', 'tk.timeline': 'Progress',
    'tk.urgeIn': 'Urge possible in {t}', 'tk.urged': 'Urged', 'tk.done': 'Done', 'tk.returnReason': 'Return reason',
    'tk.cancelConfirm': 'Cancel this ticket?', 'tk.back': 'Back to the list', 'tk.support': 'Platform support', 'tk.images': 'Images', 'tk.uploading': 'Uploading image…',
    'tk.ev.submitted': 'Submitted', 'tk.ev.urged': 'Urged', 'tk.ev.returned': 'Returned', 'tk.ev.completed': 'Completed',
    'tk.ev.cancelled': 'Cancelled', 'tk.ev.auto_cancelled': 'Cancelled automatically after 14 days', 'tk.ev.resubmitted': 'Resubmitted',
    'tk.ev.note': 'Note', 'tk.ev.rated': 'Satisfaction', 'tk.page': 'Page {p} / {n} tickets', 'tk.prev': 'Previous', 'tk.next': 'Next',
  },
});

registerPage('tickets', {
  title: { 'zh-CN': '工单中心', en: 'Tickets' },
  nav: true,
  order: 70,
  capability: 'TICKETS_SUBMIT',
  async render(el, ctx) {
    // one screen at a time: each bumps the turn, so a slow answer for an older screen is dropped
    const screen = {
      turn: 0, timer: null,
      next() { this.stop(); const mine = ++this.turn; return () => mine === this.turn; },
      stop() { if (this.timer) clearInterval(this.timer); this.timer = null; },
    };
    const ui = { el, ctx, screen };
    ui.go = {
      list: (scope, page, filters) => listScreen(ui, scope, page, filters),
      detail: id => detailScreen(ui, id),
      form: existing => formScreen(ui, existing),
    };
    if (ctx.params.id) await ui.go.detail(ctx.params.id); else await ui.go.list(ctx.params.scope || 'mine');
    return () => screen.stop();
  },
});
