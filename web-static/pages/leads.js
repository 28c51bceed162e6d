// Leads and opportunities — 线索管理 / 商机管理: my leads / all leads (main account and lead
// admins), filters (type, priority, import time, follower, state), CSV import, assign, follow-up
// (state, private contact, notes), outbound call log, link a company to an "unknown" lead, convert.
// The rows and the action dialogs live in pages/leads/rows.js.
import { registerPage } from '../app.js';
import { idempotencyKey, ApiError } from '../api.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';
import { picker, people, dateField } from '../widgets.js';
import { rowHtml, actionForm } from './leads/rows.js';

registerMessages({
  'zh-CN': {
    'ld.title': '线索管理', 'ld.leads': '线索', 'ld.opps': '商机', 'ld.mine': '我的', 'ld.all': '全量',
    'ld.name': '名称', 'ld.type': '线索类型', 'ld.priority': '优先级', 'ld.state': '状态', 'ld.follower': '跟进人',
    'ld.importedAt': '导入时间', 'ld.phone': '电话', 'ld.actions': '操作', 'ld.search': '查询', 'ld.empty': '暂无数据',
    'ld.type.consultation': '客户咨询', 'ld.type.event': '活动报名', 'ld.type.platform': '平台分配', 'ld.type.referral': '转介绍',
    'ld.pri.high': '高', 'ld.pri.medium': '中', 'ld.pri.low': '低',
    'ld.st.pending': '待跟进', 'ld.st.following': '跟进中', 'ld.st.valid': '有效', 'ld.st.invalid': '无效',
    'ld.st.completed': '完结', 'ld.st.expired': '失效',
    'ld.assign': '分配', 'ld.followUp': '线索跟进', 'ld.call': '电话外呼', 'ld.convert': '转商机', 'ld.link': '关联公司',
    'ld.import': '导入线索（CSV）', 'ld.imported': '已导入 {n} 条', 'ld.staffId': '员工ID', 'ld.note': '跟进备注',
    'ld.private': '是否私下建联（加微信/手机号）', 'ld.yes': '是', 'ld.no': '否', 'ld.outcome': '通话结果',
    'ld.out.connected': '已接通', 'ld.out.no_answer': '无人接听', 'ld.out.busy': '忙线', 'ld.out.rejected': '拒接',
    'ld.duration': '通话时长（秒）', 'ld.company': '公司主体', 'ld.creditCode': '统一社会信用代码', 'ld.intent': '客户意愿度',
    'ld.concerns': '客户顾虑点', 'ld.openDate': '预计开户时间', 'ld.budget': '预计投放预算（元）', 'ld.contact': '联系人',
    'ld.wechat': '微信', 'ld.mustConvert': '已私下建联，须转商机', 'ld.done': '操作成功', 'ld.badRows': '文件有误，未导入任何线索：',
    'ld.page': '第 {p} 页 / 共 {n} 条', 'ld.prev': '上一页', 'ld.next': '下一页', 'ld.from': '导入开始', 'ld.to': '导入结束',
  },
  en: {
    'ld.title': 'Leads', 'ld.leads': 'Leads', 'ld.opps': 'Opportunities', 'ld.mine': 'Mine', 'ld.all': 'All',
    'ld.name': 'Name', 'ld.type': 'Type', 'ld.priority': 'Priority', 'ld.state': 'State', 'ld.follower': 'Follower',
    'ld.importedAt': 'Imported', 'ld.phone': 'Phone', 'ld.actions': 'Actions', 'ld.search': 'Search', 'ld.empty': 'Nothing here',
    'ld.type.consultation': 'Consultation', 'ld.type.event': 'Event sign-up', 'ld.type.platform': 'Platform', 'ld.type.referral': 'Referral',
    'ld.pri.high': 'High', 'ld.pri.medium': 'Medium', 'ld.pri.low': 'Low',
    'ld.st.pending': 'Pending', 'ld.st.following': 'Following', 'ld.st.valid': 'Valid', 'ld.st.invalid': 'Invalid',
    'ld.st.completed': 'Completed', 'ld.st.expired': 'Expired',
    'ld.assign': 'Assign', 'ld.followUp': 'Follow up', 'ld.call': 'Call', 'ld.convert': 'Convert', 'ld.link': 'Link company',
    'ld.import': 'Import leads (CSV)', 'ld.imported': '{n} leads imported', 'ld.staffId': 'Staff id', 'ld.note': 'Notes',
    'ld.private': 'Private contact made (WeChat / phone)', 'ld.yes': 'Yes', 'ld.no': 'No', 'ld.outcome': 'Outcome',
    'ld.out.connected': 'Connected', 'ld.out.no_answer': 'No answer', 'ld.out.busy': 'Busy', 'ld.out.rejected': 'Rejected',
    'ld.duration': 'Duration (s)', 'ld.company': 'Company', 'ld.creditCode': 'Credit code', 'ld.intent': 'Intent level',
    'ld.concerns': 'Concerns', 'ld.openDate': 'Expected account opening', 'ld.budget': 'Expected budget (CNY)', 'ld.contact': 'Contact',
    'ld.wechat': 'WeChat', 'ld.mustConvert': 'Private contact made: convert', 'ld.done': 'Done', 'ld.badRows': 'The file has errors; nothing was imported:',
    'ld.page': 'Page {p} / {n}', 'ld.prev': 'Previous', 'ld.next': 'Next', 'ld.from': 'Imported from', 'ld.to': 'Imported to',
  },
});

const esc = fmt.esc;

registerPage('leads', {
  title: { 'zh-CN': '线索管理', en: 'Leads' },
  nav: true,
  order: 80,
  capability: 'LEADS_OWN',
  async render(el, ctx) {
    const { api, can, toast, dialog } = ctx;
    const all = can('LEADS_ALL');
    let kind = ctx.params.tab === 'opportunities' ? 'opportunities' : 'leads';
    let scope = 'mine';
    let page = 1;
    let filters = {};

    function shell() {
      el.innerHTML = `<h1>${t('ld.title')}</h1>
        <nav class="tabs" role="tablist">${['leads', 'opportunities'].map(k => `<button role="tab" aria-selected="${k === kind}" data-kind="${k}">${t(k === 'leads' ? 'ld.leads' : 'ld.opps')}</button>`).join('')}</nav>
        <div class="toolbar"><div class="seg" role="group">${['mine'].concat(all ? ['all'] : []).map(s =>
          `<button type="button" aria-pressed="${s === scope}" data-scope="${s}">${t('ld.' + s)}</button>`).join('')}</div>
          ${all && kind === 'leads' ? `<label class="btn">${t('ld.import')} <input type="file" accept=".csv,text/csv" data-act="import" hidden></label>` : ''}
          <a class="btn ghost" href="#/client-leads" data-testid="client-leads-link">${t('cl.title')}</a></div>
        <p class="error import-errors" role="alert"></p>
        <form class="toolbar filters">
          <input name="q" type="search" placeholder="${t('ld.name')}">
          <select name="state"><option value="">${t('ld.state')}</option>${['pending', 'following', 'valid', 'invalid', 'completed', 'expired'].map(s => `<option value="${s}">${t('ld.st.' + s)}</option>`).join('')}</select>
          <select name="type"><option value="">${t('ld.type')}</option>${['consultation', 'event', 'platform', 'referral'].map(s => `<option value="${s}">${t('ld.type.' + s)}</option>`).join('')}</select>
          <select name="priority"><option value="">${t('ld.priority')}</option>${['high', 'medium', 'low'].map(s => `<option value="${s}">${t('ld.pri.' + s)}</option>`).join('')}</select>
          ${kind === 'leads' ? `<label>${t('ld.from')} ${dateField({ name: 'importedFrom' })}</label> <label>${t('ld.to')} ${dateField({ name: 'importedTo' })}</label>` : ''}
          ${scope === 'all' ? `<span data-follower-slot></span>` : ''}
          <button class="btn" type="submit">${t('ld.search')}</button></form>
        <div class="table-wrap"><table class="data" data-testid="${kind}-table"><thead><tr><th>${t('ld.name')}</th><th>${t('ld.type')}</th><th>${t('ld.priority')}</th>
          <th>${t('ld.state')}</th><th>${t('ld.follower')}</th><th>${t('ld.phone')}</th><th>${t('ld.importedAt')}</th><th>${t('ld.actions')}</th></tr></thead>
          <tbody></tbody></table></div><div class="pager"></div>`;
      el.querySelector('[data-follower-slot]')?.replaceWith(picker({ name: 'followerId', search: people(api), placeholder: t('ld.follower') }));
      el.querySelectorAll('[data-kind]').forEach(b => b.addEventListener('click', () => { kind = b.dataset.kind; page = 1; filters = {}; shell(); load(); }));
      el.querySelectorAll('[data-scope]').forEach(b => b.addEventListener('click', () => { scope = b.dataset.scope; page = 1; shell(); load(); }));
      el.querySelector('form.filters').addEventListener('submit', e => {
        e.preventDefault();
        filters = Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v));
        page = 1;
        load();
      });
      el.querySelector('[data-act=import]')?.addEventListener('change', e => importFile(e.target.files[0]));
      el.querySelector('tbody').addEventListener('click', act);
    }

    let view = 0;
    async function load() {
      const mine = ++view;
      const r = await api.get(kind, { scope, page, pageSize: 20, ...filters });
      if (mine !== view || !el.querySelector('tbody')) return;
      el.querySelector('tbody').innerHTML = r.items.map(x => rowHtml(x, { kind, me: ctx.me, all })).join('') || `<tr><td colspan="8" class="empty">${t('ld.empty')}</td></tr>`;
      const pager = el.querySelector('.pager');
      pager.innerHTML = `<span>${t('ld.page', { p: page, n: r.total })}</span>
        <button class="btn ghost" data-p="-1" ${page <= 1 ? 'disabled' : ''}>${t('ld.prev')}</button>
        <button class="btn ghost" data-p="1" ${page * 20 >= r.total ? 'disabled' : ''}>${t('ld.next')}</button>`;
      pager.querySelectorAll('[data-p]').forEach(b => b.addEventListener('click', () => { page += Number(b.dataset.p); load(); }));
    }

    async function act(e) {
      const btn = e.target.closest('button[data-act]');
      if (!btn) return;
      const f = actionForm(api, kind, btn.dataset.act, btn.dataset.id);
      const done = await dialog({ title: f.title, fields: f.fields, onSubmit: f.send });
      if (done) { toast(t('ld.done')); load(); }
    }

    async function importFile(file) {
      if (!file) return;
      const box = el.querySelector('.import-errors');
      box.textContent = '';
      let body;
      try {
        body = await api.upload('leads/import', await file.text(), 'text/csv', { headers: { 'Idempotency-Key': idempotencyKey() } });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        box.innerHTML = `${t('ld.badRows')}<ul>${(err.problem.rows || []).map(x => `<li>row ${x.row} · ${esc(x.field)}: ${esc(x.message)}</li>`).join('') || esc(err.message)}</ul>`;
        return;
      }
      toast(t('ld.imported', { n: body.imported }));
      load();
    }

    shell();
    await load();
    const off = ctx.live.on('notice', m => { if (m.notice?.kind === 'lead') load(); });
    return off;
  },
});
