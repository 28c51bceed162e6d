// Staff and operation log — 员工管理 / 操作日志: search staff by type, account and name; add
// staff with a role; disable/enable, reset password, lead-admin grant; assign clients to dedicated
// employees; browse and download the operation log. The server enforces the matrix; this page only
// hides what the caller's capabilities do not allow.
import { registerPage, can } from '../app.js';
import { registerMessages, t, label } from '../i18n.js';
import * as fmt from '../format.js';
import { clients, dateField } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'ac.staff': '员工管理', 'ac.log': '操作日志', 'ac.search': '搜索账号或姓名', 'ac.allRoles': '全部类型',
    'ac.role.main': '主账户', 'ac.role.admin': '管理员', 'ac.role.employee': '员工', 'ac.role.dedicated': '专职员工',
    'ac.account': '账号', 'ac.name': '姓名', 'ac.role': '类型', 'ac.status': '状态', 'ac.leadAdmin': '线索管理员',
    'ac.clients': '分配委托人', 'ac.add': '添加员工', 'ac.disable': '停用', 'ac.enable': '启用', 'ac.reset': '重置密码',
    'ac.grant': '授予线索管理员', 'ac.revoke': '取消线索管理员', 'ac.assign': '分配委托人ID（逗号分隔）', 'ac.tempPassword': '临时密码：{p}',
    'ac.active': '正常', 'ac.disabled': '已停用', 'ac.action': '操作', 'ac.type': '对象类型', 'ac.text': '内容',
    'ac.from': '开始', 'ac.to': '结束', 'ac.filter': '筛选', 'ac.download': '下载 CSV', 'ac.at': '时间', 'ac.who': '操作人',
    'ac.target': '对象', 'ac.change': '变更', 'ac.actingAs': '代 {c} 操作', 'ac.prev': '上一页', 'ac.next': '下一页',
  },
  en: {
    'ac.staff': 'Staff', 'ac.log': 'Operation log', 'ac.search': 'Search account or name', 'ac.allRoles': 'All types',
    'ac.role.main': 'Main account', 'ac.role.admin': 'Admin', 'ac.role.employee': 'Employee', 'ac.role.dedicated': 'Dedicated employee',
    'ac.account': 'Account', 'ac.name': 'Name', 'ac.role': 'Type', 'ac.status': 'Status', 'ac.leadAdmin': 'Lead admin',
    'ac.clients': 'Assigned clients', 'ac.add': 'Add staff', 'ac.disable': 'Disable', 'ac.enable': 'Enable', 'ac.reset': 'Reset password',
    'ac.grant': 'Grant lead admin', 'ac.revoke': 'Withdraw lead admin', 'ac.assign': 'Assign client ids (comma separated)',
    'ac.tempPassword': 'Temporary password: {p}', 'ac.active': 'Active', 'ac.disabled': 'Disabled', 'ac.action': 'Action',
    'ac.type': 'Object type', 'ac.text': 'Text', 'ac.from': 'From', 'ac.to': 'To', 'ac.filter': 'Filter', 'ac.download': 'Download CSV',
    'ac.at': 'Time', 'ac.who': 'By', 'ac.target': 'Object', 'ac.change': 'Change', 'ac.actingAs': 'as {c}', 'ac.prev': 'Previous', 'ac.next': 'Next',
  },
});

const esc = fmt.esc;

/**
 * An operation's change as people read it: "日预算：¥500.00 → ¥800.00；状态：正常 → 已停用" — field
 * names from the catalogue, amounts in yuan, enum values as their labels (the server's ChangeText writes
 * the same text into downloads).
 */
function changeText(before, after) {
  const b = before || {};
  const a = after || {};
  const value = (k, v) => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (k.endsWith('Fen') && typeof v === 'number') return fmt.money(v);
    if (Array.isArray(v)) return v.map(x => value(k, x)).join('、');
    if (typeof v === 'object') return Object.entries(v).map(([kk, vv]) => fieldName(kk) + ' ' + value(kk, vv)).join('，');
    for (const prefix of [k, 'ticketStatus', 'leadState', 'qualState', 'clientStatus', 'staffStatus', 'contract', 'role', 'freezeStatus', 'task.kind']) {
      const l = label(prefix, v);
      if (l !== String(v)) return l;
    }
    return String(v);
  };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter(k => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || !before)
    .map(k => fieldName(k) + '：' + (before && k in b ? value(k, b[k]) + ' → ' : '') + value(k, a[k])).join('；');
}

function fieldName(k) {
  const l = label('field', k);
  return l === k ? label('col', k) : l;
}
const ROLES = ['main', 'admin', 'employee', 'dedicated'];

registerPage('accounts', {
  title: { 'zh-CN': '员工与日志', en: 'Staff & log' },
  nav: true,
  order: 95,
  capability: 'STAFF_MANAGE',
  async render(el, ctx) {
    const { api, toast } = ctx;
    const addable = ROLES.filter(r => r !== 'main' && (r !== 'admin' || can('ADMINS_MANAGE')));
    el.innerHTML = `<h1>${t('ac.staff')}</h1>
      <form class="toolbar" data-form="search"><input name="q" type="search" placeholder="${t('ac.search')}">
        <select name="role"><option value="">${t('ac.allRoles')}</option>${ROLES.map(r => `<option value="${r}">${t('ac.role.' + r)}</option>`).join('')}</select>
        <button class="btn" type="submit">${t('ac.filter')}</button></form>
      <div class="table-wrap"><table class="data" data-testid="staff"><thead><tr><th>${t('ac.name')}</th><th class="text">${t('ac.account')}</th><th class="text">${t('ac.role')}</th>
        <th class="text">${t('ac.status')}</th><th>${t('ac.leadAdmin')}</th><th>${t('ac.clients')}</th><th></th></tr></thead><tbody></tbody></table></div>
      <section class="card"><h2>${t('ac.add')}</h2><form data-form="add">
        <input name="account" required placeholder="${t('ac.account')}"> <input name="name" required placeholder="${t('ac.name')}">
        <select name="role">${addable.map(r => `<option value="${r}">${t('ac.role.' + r)}</option>`).join('')}</select>
        <button class="btn primary" type="submit">${t('ac.add')}</button> <span class="result" role="status"></span></form></section>
      ${can('OPERATION_LOG_VIEW') ? `<h1>${t('ac.log')}</h1>
      <form class="toolbar" data-form="log"><input name="action" placeholder="${t('ac.action')}"> <input name="type" placeholder="${t('ac.type')}">
        <input name="q" type="search" placeholder="${t('ac.text')}"> <label>${t('ac.from')} ${dateField({ name: 'from' })}</label>
        <label>${t('ac.to')} ${dateField({ name: 'to' })}</label> <button class="btn" type="submit">${t('ac.filter')}</button>
        <button class="btn ghost" type="button" data-act="csv">${t('ac.download')}</button></form>
      <div class="table-wrap"><table class="data" data-testid="operation-log"><thead><tr><th>${t('ac.at')}</th><th class="text">${t('ac.who')}</th><th class="text">${t('ac.action')}</th>
        <th class="text">${t('ac.target')}</th><th class="text">${t('ac.change')}</th></tr></thead><tbody></tbody></table></div>
      <p><button class="btn ghost" data-act="prev">${t('ac.prev')}</button> <span data-f="page"></span>
        <button class="btn ghost" data-act="next">${t('ac.next')}</button></p>` : ''}`;

    const staffBody = el.querySelector('[data-testid=staff] tbody');
    const form = name => el.querySelector(`[data-form=${name}]`);
    const values = f => Object.fromEntries([...new FormData(f)].filter(([, v]) => v !== ''));
    const fail = e => toast ? toast(e.message, 'error') : alert(e.message);

    async function loadStaff() {
      const r = await api.get('staff', { ...values(form('search')), pageSize: 200 });
      staffBody.innerHTML = r.items.map(s => `<tr data-staff="${s.id}"><td>${esc(s.name)}</td><td class="text wrap">${esc(s.account)}</td>
        <td class="text">${t('ac.role.' + s.role)}</td><td class="text">${t('ac.' + s.status)}</td><td>${s.leadAdmin ? '✓' : ''}</td>
        <td>${s.role === 'dedicated' ? s.assignedClients : '—'}</td><td>${manageable(s) ? `
          <button class="btn ghost" data-act="${s.status === 'active' ? 'disable' : 'enable'}">${t(s.status === 'active' ? 'ac.disable' : 'ac.enable')}</button>
          <button class="btn ghost" data-act="reset">${t('ac.reset')}</button>
          <button class="btn ghost" data-act="lead">${t(s.leadAdmin ? 'ac.revoke' : 'ac.grant')}</button>
          ${s.role === 'dedicated' ? `<button class="btn ghost" data-act="assign">${t('ac.clients')}</button>` : ''}` : ''}</td></tr>`).join('')
        || `<tr><td colspan="7" class="empty">${t('common.none')}</td></tr>`;
      staffBody.dataset.items = JSON.stringify(r.items);
    }

    function manageable(s) { return s.role !== 'main' && (s.role !== 'admin' || can('ADMINS_MANAGE')); }

    staffBody.addEventListener('click', async ev => {
      const act = ev.target.dataset.act;
      const row = ev.target.closest('[data-staff]');
      if (!act || !row) return;
      const id = row.dataset.staff;
      const s = JSON.parse(staffBody.dataset.items).find(x => String(x.id) === id);
      try {
        if (act === 'disable' || act === 'enable') await api.post(`staff/${id}/${act}`);
        if (act === 'reset') {
          const r = await api.post(`staff/${id}/reset-password`, {});
          await ctx.dialog({ title: s.name, body: t('ac.tempPassword', { p: r.temporaryPassword }), submitLabel: t('act.confirm') });
        }
        if (act === 'lead') await api.put(`staff/${id}/lead-admin`, { leadAdmin: !s.leadAdmin });
        if (act === 'assign') {
          // the dedicated employee's clients: chosen by name in a picker, added and removed as the choice changed
          const before = ((await api.get(`staff/${id}`)).clients || []).map(c => ({ id: c.id, label: c.name }));
          const v = await ctx.dialog({ title: t('ac.assign') + ' — ' + s.name,
            fields: [{ name: 'clientIds', label: t('ac.clients'), type: 'picker', multiple: true, search: clients(api), initial: before }] });
          if (v) {
            const after = String(v.clientIds || '').split(',').filter(Boolean).map(Number);
            const added = after.filter(x => !before.some(b => b.id === x));
            const removed = before.filter(b => !after.includes(b.id));
            if (added.length) await api.post(`staff/${id}/clients`, { clientIds: added });
            for (const r of removed) await api.del(`staff/${id}/clients/${r.id}`);
          }
        }
        await loadStaff();
      } catch (e) { fail(e); }
    });

    form('search').addEventListener('submit', ev => { ev.preventDefault(); loadStaff().catch(fail); });
    form('add').addEventListener('submit', async ev => {
      ev.preventDefault();
      try {
        const r = await api.post('staff', values(form('add')));
        form('add').querySelector('.result').textContent = t('ac.tempPassword', { p: r.temporaryPassword });
        form('add').reset();
        await loadStaff();
      } catch (e) { fail(e); }
    });

    let page = 1;
    function logParams() {
      const v = values(form('log'));
      if (v.from) v.from = v.from + 'T00:00:00+08:00';
      if (v.to) v.to = v.to + 'T23:59:59+08:00';
      return v;
    }
    async function loadLog() {
      const r = await api.get('operation-log', { ...logParams(), page, pageSize: 50 });
      el.querySelector('[data-testid=operation-log] tbody').innerHTML = r.items.map(e => `<tr><td>${esc(fmt.time(e.at))}</td>
        <td class="text">${esc(e.staff ? e.staff.name : e.account || '')}${e.actingClient ? ' · ' + esc(t('ac.actingAs', { c: e.actingClient.name })) : ''}</td>
        <td class="text">${esc(label('op', e.action))}</td><td class="text">${esc(label('target', e.targetType))}${e.targetId ? ' #' + esc(e.targetId) : ''}</td>
        <td class="text wrap"><small>${esc(changeText(e.before, e.after))}</small></td></tr>`).join('')
        || `<tr><td colspan="5" class="empty">${t('common.none')}</td></tr>`;
      el.querySelector('[data-f=page]').textContent = `${page} / ${Math.max(1, Math.ceil(r.total / 50))}`;
    }
    if (form('log')) {
      form('log').addEventListener('submit', ev => { ev.preventDefault(); page = 1; loadLog().catch(fail); });
      el.querySelector('[data-act=prev]').addEventListener('click', () => { if (page > 1) { page--; loadLog().catch(fail); } });
      el.querySelector('[data-act=next]').addEventListener('click', () => { page++; loadLog().catch(fail); });
      el.querySelector('[data-act=csv]').addEventListener('click', async () => {   // through the task center
        try {
          const task = await api.post('exports', { kind: 'operation-log', format: 'csv', filters: logParams() });
          ctx.navigate('tasks', { id: task.id });
        } catch (e) { fail(e); }
      });
      await loadLog();
    }
    await loadStaff();
  },
});
