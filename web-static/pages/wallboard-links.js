// Read-only wall-board links (main account and admins): create one for a TV — whole agency, a dedicated
// employee's clients or one client, with an expiry — copy its URL (shown this once), see when each was last
// opened, revoke it (its open boards close within seconds). Reached from the wall board's "share" button.
import { registerPage } from '../app.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';
import { clients } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'wbl.title': '大屏只读链接', 'wbl.add': '新建链接', 'wbl.name': '名称', 'wbl.scope': '范围', 'wbl.scope.agency': '全部委托人',
    'wbl.scope.staff': '专属员工的委托人', 'wbl.scope.client': '单个委托人', 'wbl.staff': '专属员工', 'wbl.client': '委托人',
    'wbl.expiresAt': '有效期至', 'wbl.status': '状态', 'wbl.status.active': '有效', 'wbl.status.revoked': '已撤销', 'wbl.status.expired': '已过期',
    'wbl.createdBy': '创建人', 'wbl.createdAt': '创建时间', 'wbl.lastOpened': '最近打开', 'wbl.revoke': '撤销', 'wbl.copy': '复制',
    'wbl.copied': '已复制', 'wbl.once': '链接只显示这一次，请现在复制。任何持有链接的人都可以只读查看大屏。',
    'wbl.revokeConfirm': '撤销“{n}”？正在显示它的大屏会立即关闭。', 'wbl.none': '还没有链接', 'wbl.actions': '操作',
    'wbl.hint': '无需登录、只读的大屏，适合放在电视上；最长 90 天，可随时撤销。',
  },
  en: {
    'wbl.title': 'Read-only wall-board links', 'wbl.add': 'New link', 'wbl.name': 'Name', 'wbl.scope': 'Scope', 'wbl.scope.agency': 'All clients',
    'wbl.scope.staff': "A dedicated employee's clients", 'wbl.scope.client': 'One client', 'wbl.staff': 'Dedicated employee', 'wbl.client': 'Client',
    'wbl.expiresAt': 'Expires', 'wbl.status': 'Status', 'wbl.status.active': 'Active', 'wbl.status.revoked': 'Revoked', 'wbl.status.expired': 'Expired',
    'wbl.createdBy': 'Created by', 'wbl.createdAt': 'Created', 'wbl.lastOpened': 'Last opened', 'wbl.revoke': 'Revoke', 'wbl.copy': 'Copy',
    'wbl.copied': 'Copied', 'wbl.once': 'The link is shown only this once; copy it now. Anyone holding it can watch the board (read-only).',
    'wbl.revokeConfirm': 'Revoke "{n}"? Boards showing it close at once.', 'wbl.none': 'No links yet', 'wbl.actions': 'Actions',
    'wbl.hint': 'A wall board without sign-in, read-only, for a TV; at most 90 days, revocable at any time.',
  },
});

const DAY = 86_400_000;

registerPage('wallboard-links', {
  title: { 'zh-CN': '大屏只读链接', en: 'Wall-board links' },
  capability: 'INTEGRATIONS_MANAGE',
  async render(el, ctx) {
    const { api, dialog, confirmDialog, toast } = ctx;
    const esc = fmt.esc;
    el.innerHTML = `<div class="toolbar"><h1 style="flex:1;margin:0">${t('wbl.title')}</h1>
      <a class="btn" href="#/wall">${t('wall.title')}</a><button type="button" class="btn primary" data-act="add">${t('wbl.add')}</button></div>
      <p class="muted">${t('wbl.hint')}</p><div data-created></div>
      <section class="card"><div class="table-wrap"><table class="data" data-testid="wallboard-links"><thead><tr>
        <th class="text">${t('wbl.name')}</th><th class="text">${t('wbl.scope')}</th><th class="text">${t('wbl.status')}</th>
        <th class="text">${t('wbl.createdBy')}</th><th class="text">${t('wbl.createdAt')}</th><th class="text">${t('wbl.expiresAt')}</th>
        <th class="text">${t('wbl.lastOpened')}</th><th class="text">${t('wbl.actions')}</th></tr></thead><tbody></tbody></table></div></section>`;
    const tbody = el.querySelector('tbody');
    const createdEl = el.querySelector('[data-created]');
    let items = [];
    const fail = e => toast(e.message, 'error');
    const scopeText = s => t('wbl.scope.' + s.kind) + (s.staffName ? ' · ' + s.staffName : '') + (s.clientName ? ' · ' + s.clientName : '');

    async function load() {
      items = (await api.get('wallboard-links')).items || [];
      tbody.innerHTML = items.length ? items.map(l => `<tr data-id="${l.id}" data-status="${l.status}"><td class="text">${esc(l.name)}</td>
        <td class="text">${esc(scopeText(l.scope))}</td>
        <td class="text"><span class="pill ${l.status === 'active' ? 'ok' : 'bad'}">${t('wbl.status.' + l.status)}</span></td>
        <td class="text">${esc(l.createdBy.name)}</td><td class="text">${fmt.time(l.createdAt)}</td><td class="text">${fmt.time(l.expiresAt)}</td>
        <td class="text">${l.lastOpenedAt ? fmt.time(l.lastOpenedAt) : '—'}</td>
        <td class="text">${l.status === 'active' ? `<button type="button" class="btn link danger" data-act="revoke">${t('wbl.revoke')}</button>` : ''}</td></tr>`).join('')
        : `<tr><td colspan="8" class="empty-state">${t('wbl.none')}</td></tr>`;
    }

    const dedicated = async q => ((await api.get('staff', { role: 'dedicated', status: 'active', q, pageSize: 10 })).items || [])
      .map(s => ({ id: s.id, label: s.name, sub: s.account }));
    const localInput = ms => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

    el.querySelector('[data-act=add]').addEventListener('click', async () => {
      const created = await dialog({
        title: t('wbl.add'),
        fields: [
          { name: 'name', label: t('wbl.name') },
          { name: 'kind', type: 'radio', label: t('wbl.scope'), value: 'agency',
            options: ['agency', 'staff', 'client'].map(k => ({ value: k, label: t('wbl.scope.' + k) })) },
          { name: 'staffId', type: 'picker', label: t('wbl.staff'), search: dedicated },
          { name: 'clientId', type: 'picker', label: t('wbl.client'), search: clients(api) },
          { name: 'expiresAt', type: 'datetime-local', label: t('wbl.expiresAt'), value: localInput(Date.now() + 30 * DAY) },
        ],
        onSubmit: v => {
          const scope = { kind: v.kind };
          if (v.kind === 'staff' && v.staffId) scope.staffId = Number(v.staffId);
          if (v.kind === 'client' && v.clientId) scope.clientId = Number(v.clientId);
          const expires = v.expiresAt ? new Date(v.expiresAt) : null;
          return api.post('wallboard-links', { name: v.name, scope, ...(expires && !isNaN(expires) ? { expiresAt: expires.toISOString() } : {}) });
        },
      });
      if (!created) return;
      createdEl.innerHTML = `<section class="card" data-testid="wallboard-link-created" role="status"><h2>${esc(created.name)}</h2>
        <p>${t('wbl.once')}</p><div class="toolbar"><input readonly size="70" value="${esc(created.url)}" data-url aria-label="URL">
        <button type="button" class="btn primary" data-act="copy">${t('wbl.copy')}</button></div></section>`;
      const url = createdEl.querySelector('[data-url]');
      createdEl.querySelector('[data-act=copy]').addEventListener('click', async () => {
        url.select();
        try { await navigator.clipboard.writeText(url.value); } catch { document.execCommand('copy'); }
        toast(t('wbl.copied'));
      });
      load().catch(fail);
    });

    tbody.addEventListener('click', async e => {
      const id = e.target.closest('button[data-act=revoke]') && e.target.closest('tr')?.dataset.id;
      if (!id) return;
      const link = items.find(x => String(x.id) === id);
      try {
        if (await confirmDialog(t('wbl.revokeConfirm', { n: link.name }), '')) { await api.del(`wallboard-links/${id}`); await load(); }
      } catch (x) { fail(x); }
    });
    await load();
  },
});
