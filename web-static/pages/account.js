// Account — 账户: account information (账户信息) with the certificate download, client management by
// authorisation status with invitations (客户管理 授权&签约), asset authorisation (资产授权), and one's
// own profile (phone, e-mail, password) for every role. In a client's own view the same page lets the
// client's user answer its agency's invitation and asset requests. Tabs follow the caller's capabilities;
// the server enforces them. Authorisation notices arriving live refresh the open tab.
import { registerPage } from '../app.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';
import { downloadTask } from './tasks.js';
import { tabbedPage } from '../tabs.js';
import { clients as clientSearch } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'acc.title': '账户', 'acc.tab.info': '账户信息', 'acc.tab.clients': '客户管理', 'acc.tab.assets': '资产授权', 'acc.tab.profile': '个人资料',
    'acc.tab.consent': '授权管理', 'acc.accountName': '账号名称', 'acc.alipay': '支付宝账号', 'acc.pid': 'PID', 'acc.approval': '代理商申请',
    'acc.certification': '认证状态', 'acc.certificate': '代理商授权证书', 'acc.merchantTag': '商家标识', 'acc.download': '下载证书',
    'acc.validUntil': '有效期至 {d}', 'acc.noCertificate': '平台尚未颁发证书',
    'acc.approval.pending': '审核中', 'acc.approval.approved': '已通过', 'acc.approval.rejected': '未通过',
    'acc.cert.uncertified': '未认证', 'acc.cert.certifying': '认证中', 'acc.cert.certified': '已认证', 'acc.cert.expired': '已过期',
    'acc.st.pending': '待授权', 'acc.st.authorized': '已授权', 'acc.st.refused': '已拒绝', 'acc.st.terminated': '已解约', 'acc.st.terminating': '解约中',
    'acc.all': '全部', 'acc.search': '搜索名称、PID 或邮箱', 'acc.invite': '添加客户授权', 'acc.reinvite': '重新邀请', 'acc.name': '客户名称',
    'acc.email': '邮箱', 'acc.industry': '行业', 'acc.status': '授权状态', 'acc.invitedAt': '邀请时间', 'acc.invitedBy': '邀请人',
    'acc.decidedAt': '确认时间', 'acc.invited': '邀请已发送，等待客户在其账户中确认', 'acc.asset': '授权内容', 'acc.request': '新建授权申请',
    'acc.asset.lead_data': '留资数据获取', 'acc.asset.audience_upload': 'api上传人群数据', 'acc.asset.conversion_callback': '转化api回传',
    'acc.ast.pending': '待确认', 'acc.ast.accepted': '已授权', 'acc.ast.refused': '已拒绝', 'acc.note': '说明', 'acc.requestedAt': '申请时间',
    'acc.requestedBy': '申请人', 'acc.reason': '拒绝原因', 'acc.client': '广告主', 'acc.requested': '已发起授权，请联系广告主进入系统确认',
    'acc.phone': '手机号', 'acc.saveProfile': '保存', 'acc.saved': '已保存', 'acc.password': '修改密码', 'acc.current': '当前密码',
    'acc.newPassword': '新密码（至少 8 位）', 'acc.passwordChanged': '密码已修改，请重新登录', 'acc.agency': '代理商',
    'acc.invitation': '{a} 邀请您授权其管理您的广告账户', 'acc.accept': '同意授权', 'acc.refuse': '拒绝', 'acc.noInvitation': '暂无待确认的授权邀请',
    'acc.assetRequests': '资产授权申请', 'acc.agree': '同意', 'acc.role': '角色',
  },
  en: {
    'acc.title': 'Account', 'acc.tab.info': 'Account', 'acc.tab.clients': 'Clients', 'acc.tab.assets': 'Asset access', 'acc.tab.profile': 'Profile',
    'acc.tab.consent': 'Authorisations', 'acc.accountName': 'Account name', 'acc.alipay': 'Alipay account', 'acc.pid': 'PID', 'acc.approval': 'Agency application',
    'acc.certification': 'Certification', 'acc.certificate': 'Authorisation certificate', 'acc.merchantTag': 'Merchant tag', 'acc.download': 'Download certificate',
    'acc.validUntil': 'valid until {d}', 'acc.noCertificate': 'No certificate issued yet',
    'acc.approval.pending': 'Under review', 'acc.approval.approved': 'Approved', 'acc.approval.rejected': 'Rejected',
    'acc.cert.uncertified': 'Not certified', 'acc.cert.certifying': 'Certifying', 'acc.cert.certified': 'Certified', 'acc.cert.expired': 'Expired',
    'acc.st.pending': 'Pending', 'acc.st.authorized': 'Authorised', 'acc.st.refused': 'Refused', 'acc.st.terminated': 'Terminated', 'acc.st.terminating': 'Terminating',
    'acc.all': 'All', 'acc.search': 'Search name, PID or e-mail', 'acc.invite': 'Invite a client', 'acc.reinvite': 'Invite again', 'acc.name': 'Client',
    'acc.email': 'E-mail', 'acc.industry': 'Industry', 'acc.status': 'Status', 'acc.invitedAt': 'Invited', 'acc.invitedBy': 'Invited by',
    'acc.decidedAt': 'Answered', 'acc.invited': 'Invitation sent; waiting for the client to accept in its account', 'acc.asset': 'Asset', 'acc.request': 'Request access',
    'acc.asset.lead_data': 'Lead data', 'acc.asset.audience_upload': 'API audience upload', 'acc.asset.conversion_callback': 'Conversion API callback',
    'acc.ast.pending': 'Pending', 'acc.ast.accepted': 'Granted', 'acc.ast.refused': 'Refused', 'acc.note': 'Note', 'acc.requestedAt': 'Requested',
    'acc.requestedBy': 'Requested by', 'acc.reason': 'Reason', 'acc.client': 'Advertiser', 'acc.requested': 'Requested; ask the advertiser to accept it in its account',
    'acc.phone': 'Phone', 'acc.saveProfile': 'Save', 'acc.saved': 'Saved', 'acc.password': 'Change password', 'acc.current': 'Current password',
    'acc.newPassword': 'New password (8+ characters)', 'acc.passwordChanged': 'Password changed; please sign in again', 'acc.agency': 'Agency',
    'acc.invitation': '{a} asks you to authorise it to manage your ad account', 'acc.accept': 'Accept', 'acc.refuse': 'Refuse', 'acc.noInvitation': 'No invitation to answer',
    'acc.assetRequests': 'Asset requests', 'acc.agree': 'Grant', 'acc.role': 'Role',
  },
});

const esc = fmt.esc;
const STATUSES = ['pending', 'authorized', 'refused', 'terminated', 'terminating'];
const ASSETS = ['lead_data', 'audience_upload', 'conversion_callback'];

function tabsFor(ctx) {
  const tabs = [];
  if (ctx.can('ACCOUNT_VIEW')) tabs.push('info', 'clients', 'assets');
  if (ctx.can('CLIENT_CONSENT')) tabs.push('consent');
  if (ctx.can('PROFILE_EDIT')) tabs.push('profile');
  return tabs;
}

async function info(el, ctx) {
  const a = await ctx.api.get('account');
  const row = (label, v) => `<tr><th class="text">${label}</th><td class="text">${v}</td></tr>`;
  el.innerHTML = `<section class="card"><table class="data kv" data-testid="account-info"><tbody>
    ${row(t('acc.accountName'), esc(a.accountName))}${row(t('acc.alipay'), esc(a.alipayAccount || '—'))}${row(t('acc.pid'), esc(a.pid))}
    ${row(t('acc.approval'), `<span class="status status-${a.approvalStatus}">${t('acc.approval.' + a.approvalStatus)}</span>`)}
    ${row(t('acc.certification'), `<span class="status status-${a.certificationStatus}">${t('acc.cert.' + a.certificationStatus)}</span>`)}
    ${row(t('acc.merchantTag'), esc(a.merchantTag || '—'))}
    ${row(t('acc.certificate'), a.certificate ? `${esc(a.certificate.fileName)} · ${t('acc.validUntil', { d: a.certificate.validUntil || '—' })}
      <button class="btn ghost" type="button" data-act="certificate">${t('acc.download')}</button>` : t('acc.noCertificate'))}
  </tbody></table></section>`;
  el.querySelector('[data-act=certificate]')?.addEventListener('click', () => downloadTask(a.certificate).catch(e => ctx.toast(e.message, 'error')));
}

async function clients(el, ctx, state) {
  const { api } = ctx;
  const r = await api.get('client-authorizations', { status: state.status, q: state.q, pageSize: 50 });
  const manage = ctx.can('CLIENTS_MANAGE');
  el.innerHTML = `<div class="seg" role="group" data-testid="auth-states"><button type="button" data-status="" aria-pressed="${!state.status}">${t('acc.all')}</button>
      ${STATUSES.map(s => `<button type="button" data-status="${s}" aria-pressed="${state.status === s}">${t('acc.st.' + s)} (${r.counts[s] ?? 0})</button>`).join('')}</div>
    <form class="toolbar" data-form="search" style="margin-top:8px"><input name="q" type="search" value="${esc(state.q || '')}" placeholder="${t('acc.search')}">
      <button class="btn" type="submit">${t('ac.filter')}</button>
      ${manage ? `<button class="btn primary" type="button" data-act="invite">${t('acc.invite')}</button>` : ''}</form>
    <div class="table-wrap"><table class="data" data-testid="client-authorizations"><thead><tr><th>${t('acc.name')}</th><th class="text">${t('acc.pid')}</th>
      <th class="text">${t('acc.email')}</th><th class="text">${t('acc.status')}</th><th>${t('acc.invitedAt')}</th><th class="text">${t('acc.invitedBy')}</th>
      <th>${t('acc.decidedAt')}</th><th></th></tr></thead>
    <tbody>${r.items.map(c => `<tr data-client="${c.clientId}" data-status="${c.status}"><td>${esc(c.name)}</td><td class="text">${esc(c.pid)}</td>
      <td class="text">${esc(c.email)}</td><td class="text"><span class="status status-${c.status}">${t('acc.st.' + c.status)}</span></td>
      <td>${c.invitedAt ? fmt.time(c.invitedAt) : '—'}</td><td class="text">${esc(c.invitedBy?.name || '—')}</td><td>${c.decidedAt ? fmt.time(c.decidedAt) : '—'}</td>
      <td>${manage && (c.status === 'refused' || c.status === 'terminated') ? `<button class="btn ghost" data-act="reinvite">${t('acc.reinvite')}</button>` : ''}</td></tr>`).join('')
      || `<tr><td colspan="8" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div>
    <p class="muted">${t('mon.rows', { n: r.total })}</p>`;
  el.querySelectorAll('[data-status]').forEach(b => b.tagName === 'BUTTON' && b.addEventListener('click', () => { state.status = b.dataset.status || null; state.reload(); }));
  el.querySelector('[data-form=search]').addEventListener('submit', e => { e.preventDefault(); state.q = e.target.q.value.trim() || null; state.reload(); });
  el.querySelector('[data-act=invite]')?.addEventListener('click', async () => {
    const done = await ctx.dialog({
      title: t('acc.invite'),
      fields: [{ name: 'name', label: t('acc.name') }, { name: 'pid', label: t('acc.pid') }, { name: 'email', label: t('acc.email'), type: 'email' },
        { name: 'industry', label: t('acc.industry'), value: 'education' }],
      submitLabel: t('acc.invite'),
      onSubmit: v => api.post('client-authorizations', v),
    });
    if (done) { ctx.toast(t('acc.invited')); state.reload(); }
  });
  el.querySelector('tbody').addEventListener('click', async e => {
    const b = e.target.closest('button[data-act=reinvite]');
    if (!b) return;
    try {
      await api.post('client-authorizations', { clientId: Number(b.closest('tr').dataset.client) });
      ctx.toast(t('acc.invited'));
      state.reload();
    } catch (err) { ctx.toast(err.message, 'error'); }
  });
}

async function assets(el, ctx) {
  const { api } = ctx;
  const r = await api.get('asset-authorizations', { pageSize: 50 });
  const manage = ctx.can('CLIENTS_MANAGE');
  el.innerHTML = `<p class="muted" data-testid="asset-counts">${['pending', 'accepted', 'refused'].map(s => `${t('acc.ast.' + s)} ${r.counts[s]}`).join(' · ')}</p>
    ${manage ? `<p><button class="btn primary" type="button" data-act="request">${t('acc.request')}</button></p>` : ''}
    <div class="table-wrap"><table class="data" data-testid="asset-authorizations"><thead><tr><th>${t('acc.name')}</th><th class="text">${t('acc.asset')}</th>
      <th class="text">${t('acc.status')}</th><th class="text">${t('acc.note')}</th><th>${t('acc.requestedAt')}</th><th class="text">${t('acc.requestedBy')}</th>
      <th>${t('acc.decidedAt')}</th><th class="text">${t('acc.reason')}</th></tr></thead>
    <tbody>${r.items.map(a => `<tr data-asset-request="${a.id}" data-status="${a.status}"><td>${esc(a.clientName)}</td><td class="text">${t('acc.asset.' + a.asset)}</td>
      <td class="text"><span class="status status-${a.status}">${t('acc.ast.' + a.status)}</span></td><td class="text">${esc(a.note || '')}</td>
      <td>${fmt.time(a.requestedAt)}</td><td class="text">${esc(a.requestedBy?.name || '—')}</td><td>${a.decidedAt ? fmt.time(a.decidedAt) : '—'}</td>
      <td class="text">${esc(a.refuseReason || '')}</td></tr>`).join('') || `<tr><td colspan="8" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div>`;
  el.querySelector('[data-act=request]')?.addEventListener('click', async () => {
    const done = await ctx.dialog({
      title: t('acc.request'),
      fields: [{ name: 'clientId', label: t('acc.client'), type: 'picker', search: clientSearch(ctx.api) },
        { name: 'asset', type: 'radio', label: t('acc.asset'), value: 'lead_data', options: ASSETS.map(a => ({ value: a, label: t('acc.asset.' + a) })) },
        { name: 'note', label: t('acc.note') }],
      submitLabel: t('acc.request'),
      onSubmit: v => api.post('asset-authorizations', { clientId: Number(v.clientId), asset: v.asset, note: v.note || null }),
    });
    if (done) { ctx.toast(t('acc.requested')); assets(el, ctx); }
  });
}

async function consent(el, ctx, state) {
  const { api } = ctx;
  const v = await api.get('client-view/authorizations');
  el.innerHTML = `<section class="card" data-testid="invitation"><header><h2>${t('acc.agency')} · ${esc(v.agencyName)}</h2>
      <span class="status status-${v.status}">${t('acc.st.' + v.status)}</span></header>
      ${v.invitation ? `<p>${esc(t('acc.invitation', { a: v.agencyName }))} <small>${fmt.time(v.invitation.invitedAt)}</small></p>
        <p><button class="btn primary" data-act="accept">${t('acc.accept')}</button> <button class="btn ghost" data-act="refuse">${t('acc.refuse')}</button></p>`
        : `<p class="muted">${t('acc.noInvitation')}</p>`}</section>
    <section class="card" style="margin-top:16px"><header><h2>${t('acc.assetRequests')}</h2></header>
      <div class="table-wrap"><table class="data" data-testid="own-asset-requests"><thead><tr><th>${t('acc.asset')}</th><th class="text">${t('acc.note')}</th>
        <th class="text">${t('acc.status')}</th><th>${t('acc.requestedAt')}</th><th></th></tr></thead>
      <tbody>${v.assetRequests.map(a => `<tr data-asset-request="${a.id}"><td>${t('acc.asset.' + a.asset)}</td><td class="text">${esc(a.note || '')}</td>
        <td class="text"><span class="status status-${a.status}">${t('acc.ast.' + a.status)}</span></td><td>${fmt.time(a.requestedAt)}</td>
        <td>${a.status === 'pending' ? `<button class="btn primary" data-act="grant">${t('acc.agree')}</button>
          <button class="btn ghost" data-act="deny">${t('acc.refuse')}</button>` : ''}</td></tr>`).join('')
        || `<tr><td colspan="5" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div></section>`;
  const act = async (path, body) => {
    try { await api.post(path, body); state.reload(); } catch (err) { ctx.toast(err.message, 'error'); }
  };
  el.querySelector('[data-act=accept]')?.addEventListener('click', () => act('client-view/invitation/accept'));
  el.querySelector('[data-act=refuse]')?.addEventListener('click', () => act('client-view/invitation/refuse'));
  el.querySelector('[data-testid=own-asset-requests] tbody').addEventListener('click', async e => {
    const b = e.target.closest('button[data-act]');
    if (!b) return;
    const id = b.closest('tr').dataset.assetRequest;
    if (b.dataset.act === 'grant') { act(`client-view/asset-authorizations/${id}/accept`); return; }
    const reason = await ctx.dialog({ title: t('acc.refuse'), fields: [{ name: 'reason', label: t('acc.reason') }], submitLabel: t('acc.refuse'),
      onSubmit: async v => v });
    if (reason) act(`client-view/asset-authorizations/${id}/refuse`, { reason: reason.reason || null });
  });
}

async function profile(el, ctx) {
  const { api } = ctx;
  const me = await api.get('me');
  el.innerHTML = `<section class="card"><form data-form="profile" novalidate>
      <p><strong>${esc(me.user.name)}</strong> · ${esc(me.user.account)} · ${t('acc.role')}: ${me.role === 'client' ? t('ident.client') : t('ac.role.' + me.role)}</p>
      <label>${t('acc.phone')} <input name="phone" value="${esc(me.user.phone || '')}" inputmode="tel"></label>
      <p class="field-error" data-field="phone" role="alert"></p>
      <label>${t('acc.email')} <input name="email" type="email" value="${esc(me.user.email || '')}"></label>
      <p class="field-error" data-field="email" role="alert"></p>
      <button class="btn primary" type="submit">${t('acc.saveProfile')}</button> <span class="result" role="status"></span></form></section>
    <section class="card" style="margin-top:16px"><h2>${t('acc.password')}</h2><form data-form="password">
      <label>${t('acc.current')} <input name="currentPassword" type="password" autocomplete="current-password"></label>
      <label>${t('acc.newPassword')} <input name="newPassword" type="password" autocomplete="new-password"></label>
      <button class="btn" type="submit">${t('acc.password')}</button></form></section>`;
  const form = el.querySelector('[data-form=profile]');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach(x => { x.textContent = ''; });
    const body = {};
    if (form.phone.value.trim()) body.phone = form.phone.value.trim();
    if (form.email.value.trim()) body.email = form.email.value.trim();
    try {
      await api.put('me', body);
      form.querySelector('.result').textContent = t('acc.saved');
    } catch (err) {
      (err.errors || []).forEach(x => { const f = form.querySelector(`.field-error[data-field="${x.field}"]`); if (f) f.textContent = x.message; });
      if (!(err.errors || []).length) form.querySelector('.result').textContent = err.message;
    }
  });
  el.querySelector('[data-form=password]').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api.post('me/password', { currentPassword: e.target.currentPassword.value, newPassword: e.target.newPassword.value });
      ctx.toast(t('acc.passwordChanged'));
      ctx.signOut();
    } catch (err) { ctx.toast(err.message, 'error'); }
  });
}

registerPage('account', {
  title: { 'zh-CN': '账户', en: 'Account' },
  nav: true,
  order: 90,
  identity: 'any',
  capability: 'PROFILE_EDIT',
  async render(el, ctx) {
    const tabs = tabsFor(ctx);
    const views = Object.fromEntries(tabs.map(n => [n, { info, clients, assets, consent, profile }[n]]));
    const state = { tab: tabs.includes(ctx.params.tab) ? ctx.params.tab : tabs[0], status: ctx.params.status || null, q: ctx.params.q || null };
    const dispose = await tabbedPage(el, ctx, { title: t('acc.title'), label: n => t('acc.tab.' + n), views, state });
    // an invitation or asset request answered by a client shows up here as it happens
    const off = ctx.live.on('notice', m => {
      if (m.notice?.kind === 'authorization' && ['clients', 'assets', 'consent'].includes(state.tab)) state.reload();
    });
    return () => { off(); dispose(); };
  },
});
