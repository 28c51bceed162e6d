// Message center — 消息通知: notices by kind, unread in black and read in grey, mark read and
// mark all read, a live unread badge (pushed `notice` messages), and the caller's work-notice
// subscription (DingTalk-compatible webhook) for chosen kinds and clients.
import { registerPage } from '../app.js';
import { registerMessages, t, noticeText } from '../i18n.js';
import * as fmt from '../format.js';
import { picker, clients } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'nt.title': '消息通知', 'nt.all': '全部', 'nt.unreadOnly': '只看未读', 'nt.readAll': '全部已读', 'nt.unread': '未读 {n}',
    'nt.kind.hosting_rule': '托管规则消息', 'nt.kind.authorization': '授权消息', 'nt.kind.system': '系统消息',
    'nt.kind.review': '审核消息', 'nt.kind.alert': '告警', 'nt.kind.ticket': '工单', 'nt.kind.lead': '线索',
    'nt.more': '更多', 'nt.empty': '暂无消息', 'nt.sub': '工作通知订阅（钉钉）', 'nt.webhook': '机器人 Webhook 地址',
    'nt.secret': '签名密钥（可选）', 'nt.clients': '委托人（不选为全部）', 'nt.allClients': '搜索委托人', 'nt.client': '委托人', 'nt.save': '保存订阅',
    'nt.remove': '取消订阅', 'nt.saved': '已保存', 'nt.open': '查看',
  },
  en: {
    'nt.title': 'Messages', 'nt.all': 'All', 'nt.unreadOnly': 'Unread only', 'nt.readAll': 'Mark all read', 'nt.unread': '{n} unread',
    'nt.kind.hosting_rule': 'Hosting rules', 'nt.kind.authorization': 'Authorisation', 'nt.kind.system': 'System',
    'nt.kind.review': 'Review', 'nt.kind.alert': 'Alerts', 'nt.kind.ticket': 'Tickets', 'nt.kind.lead': 'Leads',
    'nt.more': 'More', 'nt.empty': 'No messages', 'nt.sub': 'Work notices (DingTalk)', 'nt.webhook': 'Robot webhook URL',
    'nt.secret': 'Signing secret (optional)', 'nt.clients': 'Clients (none chosen: all)', 'nt.allClients': 'Search clients', 'nt.client': 'Client', 'nt.save': 'Save subscription',
    'nt.remove': 'Unsubscribe', 'nt.saved': 'Saved', 'nt.open': 'Open',
  },
});

const KINDS = ['hosting_rule', 'authorization', 'system', 'review', 'alert', 'ticket', 'lead'];
const esc = fmt.esc;

registerPage('notices', {
  title: { 'zh-CN': '消息通知', en: 'Messages' },
  nav: true,
  order: 90,
  capability: 'SIGNED_IN',
  identity: 'any',
  async render(el, ctx) {
    const { api, live, toast } = ctx;
    let kind = ctx.params.kind || '';
    let unreadOnly = false;
    let cursor = null;

    el.innerHTML = `<h1>${t('nt.title')} <span class="badge" data-testid="unread-badge"></span></h1>
      <div class="toolbar"><nav class="seg" role="tablist">${[''].concat(KINDS).map(k =>
        `<button class="btn ${k === kind ? 'primary' : 'ghost'}" data-kind="${k}">${k ? t('nt.kind.' + k) : t('nt.all')} <small data-count="${k}"></small></button>`).join('')}</nav>
        <label><input type="checkbox" data-act="unread"> ${t('nt.unreadOnly')}</label>
        <button class="btn" data-act="read-all">${t('nt.readAll')}</button></div>
      <ul class="feed notices" data-testid="notices"></ul>
      <button class="btn ghost" data-act="more" hidden>${t('nt.more')}</button>
      ${ctx.me.staffId ? `<details class="card sub-details"><summary><h2 style="display:inline">${t('nt.sub')}</h2></summary><form class="sub form-grid">
        <fieldset>${KINDS.map(k => `<label><input type="checkbox" name="kinds" value="${k}"> ${t('nt.kind.' + k)}</label>`).join(' ')}</fieldset>
        <label>${t('nt.webhook')} <input name="webhookUrl" type="url" placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"></label>
        <label>${t('nt.secret')} <input name="secret" type="password" autocomplete="off"></label>
        <div class="field"><span>${t('nt.clients')}</span><span data-clients-slot></span></div>
        <p class="form-error error" role="alert"></p>
        <div class="form-actions"><button class="btn primary" type="submit">${t('nt.save')}</button> <button class="btn ghost" type="button" data-act="unsub">${t('nt.remove')}</button></div>
      </form></details>` : ''}`;
    const listEl = el.querySelector('.notices');
    const moreBtn = el.querySelector('[data-act=more]');

    function counts(r) {
      el.querySelector('[data-testid=unread-badge]').textContent = r.unread ? t('nt.unread', { n: r.unread }) : '';
      el.querySelectorAll('[data-count]').forEach(s => {
        const n = s.dataset.count ? (r.unreadByKind || {})[s.dataset.count] : r.unread;
        s.textContent = n ? `(${n})` : '';
      });
    }

    function item(n) {
      const text = noticeText(n);
      return `<li data-id="${n.id}" class="notice-item ${n.read ? 'read' : 'unread'}">
        <span class="pill info">${t('nt.kind.' + n.kind)}</span> <span class="notice-title">${esc(text.title)}</span> <time>${esc(fmt.time(n.createdAt))}</time>
        ${text.body ? `<div class="muted notice-body">${esc(text.body)}</div>` : ''}
        ${n.link ? `<a href="${esc(n.link)}" data-act="open">${t('nt.open')}</a>` : ''}</li>`;
    }

    async function load(reset) {
      if (reset) { cursor = null; listEl.innerHTML = ''; }
      const r = await api.get('notices', { kind: kind || undefined, unread: unreadOnly || undefined, cursor: cursor || undefined, limit: 20 });
      listEl.insertAdjacentHTML('beforeend', r.items.map(item).join(''));
      if (!listEl.children.length) listEl.innerHTML = `<li class="empty">${t('nt.empty')}</li>`;
      cursor = r.nextCursor;
      moreBtn.hidden = !cursor;
      counts(r);
    }

    async function refreshCounts() { counts(await api.get('notices/unread-count')); }

    el.querySelectorAll('[data-kind]').forEach(b => b.addEventListener('click', () => {
      kind = b.dataset.kind;
      el.querySelectorAll('[data-kind]').forEach(x => x.className = 'btn ' + (x.dataset.kind === kind ? 'primary' : 'ghost'));
      load(true);
    }));
    el.querySelector('[data-act=unread]').addEventListener('change', e => { unreadOnly = e.target.checked; load(true); });
    el.querySelector('[data-act=read-all]').addEventListener('click', async () => {
      await api.post('notices/read-all', kind ? { kind } : {});
      load(true);
    });
    moreBtn.addEventListener('click', () => load(false));
    listEl.addEventListener('click', async e => {
      const li = e.target.closest('li[data-id]');
      if (!li || !li.classList.contains('unread')) return;
      await api.post(`notices/${li.dataset.id}/read`);
      li.classList.replace('unread', 'muted');
      li.style.cssText = 'color:#888';
      refreshCounts();
    });

    const sub = el.querySelector('form.sub');
    // the subscription is read when the section is opened (most people never open it; no subscription answers 404)
    el.querySelector('.sub-details')?.addEventListener('toggle', async e => {
      if (!e.target.open || sub.dataset.loaded) return;
      sub.dataset.loaded = 'true';
      const existing = await api.optional('notices/subscription');
      if (existing) {
        existing.kinds.forEach(k => { const box = sub.querySelector(`[value="${k}"]`); if (box) box.checked = true; });
        sub.webhookUrl.value = existing.webhookUrl;
      }
      const names = new Map((existing?.clients || []).map(c => [c.id, c.name]));
      sub.querySelector('[data-clients-slot]').replaceWith(picker({ name: 'clientIds', multiple: true, search: clients(api),
        placeholder: t('nt.allClients'), initial: (existing?.clientIds || []).map(id => ({ id, label: names.get(id) || t('nt.client') })) }));
    });
    if (sub) {
      sub.addEventListener('submit', async e => {
        e.preventDefault();
        const kinds = [...sub.querySelectorAll('[name=kinds]:checked')].map(x => x.value);
        const clientIds = String(sub.clientIds?.value || '').split(',').filter(Boolean).map(Number);
        try {
          await api.put('notices/subscription', { kinds, clientIds, webhookUrl: sub.webhookUrl.value,
            ...(sub.secret.value ? { secret: sub.secret.value } : {}) });
          sub.querySelector('.form-error').textContent = '';
          toast(t('nt.saved'));
        } catch (err) {
          sub.querySelector('.form-error').textContent = err.message;
        }
      });
      sub.querySelector('[data-act=unsub]').addEventListener('click', async () => {
        try { await api.del('notices/subscription'); toast(t('nt.saved')); } catch (err) { toast(err.message, 'error'); }
      });
    }

    await load(true);
    const offs = [
      live.on('notice', m => {
        const n = m.notice;
        if (n && n.staffId && n.staffId !== ctx.me.staffId) return;   // addressed to someone else
        if (n && (!kind || n.kind === kind)) {
          listEl.querySelector('.empty')?.remove();
          listEl.insertAdjacentHTML('afterbegin', item(n));
        }
        refreshCounts();
      }),
      live.on('resync', () => load(true)),
    ];
    return () => offs.forEach(off => off());
  },
});
