// Settings (main account and admins): alert thresholds, webhooks (with a test delivery and the delivery
// log) and ingest keys (created and shown once, revoked). Everything here is the agency's integration
// with the world outside Beacon; the API behind it is /live/alert-settings, /webhooks and /ingest-keys.
import { registerPage } from '../app.js';
import { registerMessages, t, label } from '../i18n.js';
import * as fmt from '../format.js';

registerMessages({
  'zh-CN': {
    'set.title': '设置', 'set.alerts': '告警阈值', 'set.webhooks': 'Webhook', 'set.keys': '接入密钥',
    'set.budgetLevels': '预算预警档位（%，逗号分隔）', 'set.lowBalanceHours': '余额可投放不足（小时）', 'set.lowBalanceFloor': '余额预警线（元）',
    'set.surgePct': '消耗突增阈值（基准的 %）', 'set.dropPct': '消耗骤降阈值（基准的 %）', 'set.swingMin': '波动告警最低基准（元/小时）',
    'set.stallMinutes': '消耗停滞判定（分钟）', 'set.save': '保存', 'set.saved': '已保存',
    'set.whName': '名称', 'set.whUrl': '接收地址', 'set.whFormat': '格式', 'set.whTopics': '消息类型', 'set.whState': '状态',
    'set.whAdd': '新增 Webhook', 'set.whTest': '测试投递', 'set.whLog': '投递记录', 'set.whDelete': '删除', 'set.whEnable': '启用', 'set.whDisable': '停用',
    'set.whTested': '已发送测试消息，可在投递记录中查看结果', 'set.whSecret': '签名密钥（只显示这一次，请妥善保存）：{s}',
    'set.whDeleteConfirm': '删除 Webhook “{n}” 及其投递记录？', 'set.whEnabled': '启用', 'set.whDisabled': '已停用',
    'set.fmt.json': 'JSON', 'set.fmt.dingtalk': '钉钉机器人',
    'set.topic.alerts': '告警', 'set.topic.notices': '消息', 'set.topic.tickets': '工单', 'set.topic.leads': '线索',
    'set.logTitle': '投递记录 — {n}', 'set.logEvent': '消息', 'set.logStatus': '结果', 'set.logAttempts': '尝试次数', 'set.logCode': '状态码',
    'set.logAt': '时间', 'set.logError': '错误', 'set.keyName': '名称', 'set.keyPrefix': '密钥前缀', 'set.keyCreated': '创建时间',
    'set.keyState': '状态', 'set.keyAdd': '创建接入密钥', 'set.keyShown': '新密钥（只显示这一次，请复制保存）：{k}', 'set.keyRevoke': '吊销',
    'set.keyRevokeConfirm': '吊销密钥 “{n}”？使用它的投放系统将无法再上报数据。', 'set.keyActive': '有效', 'set.keyRevoked': '已吊销',
    'set.actions': '操作', 'set.none': '暂无',
  },
  en: {
    'set.title': 'Settings', 'set.alerts': 'Alert thresholds', 'set.webhooks': 'Webhooks', 'set.keys': 'Ingest keys',
    'set.budgetLevels': 'Budget warning levels (%, comma-separated)', 'set.lowBalanceHours': 'Low balance below (hours of spend)', 'set.lowBalanceFloor': 'Low-balance line (CNY)',
    'set.surgePct': 'Spend surge at (% of baseline)', 'set.dropPct': 'Spend drop at (% of baseline)', 'set.swingMin': 'Swing alerts from a baseline of (CNY/h)',
    'set.stallMinutes': 'Spend stalled after (minutes)', 'set.save': 'Save', 'set.saved': 'Saved',
    'set.whName': 'Name', 'set.whUrl': 'URL', 'set.whFormat': 'Format', 'set.whTopics': 'Topics', 'set.whState': 'State',
    'set.whAdd': 'Add webhook', 'set.whTest': 'Send test', 'set.whLog': 'Deliveries', 'set.whDelete': 'Delete', 'set.whEnable': 'Enable', 'set.whDisable': 'Disable',
    'set.whTested': 'Test message sent; see the deliveries for the result', 'set.whSecret': 'Signing secret (shown this once, keep it safe): {s}',
    'set.whDeleteConfirm': 'Delete webhook "{n}" and its delivery log?', 'set.whEnabled': 'Enabled', 'set.whDisabled': 'Disabled',
    'set.fmt.json': 'JSON', 'set.fmt.dingtalk': 'DingTalk robot',
    'set.topic.alerts': 'Alerts', 'set.topic.notices': 'Notices', 'set.topic.tickets': 'Tickets', 'set.topic.leads': 'Leads',
    'set.logTitle': 'Deliveries — {n}', 'set.logEvent': 'Message', 'set.logStatus': 'Result', 'set.logAttempts': 'Attempts', 'set.logCode': 'Status',
    'set.logAt': 'Time', 'set.logError': 'Error', 'set.keyName': 'Name', 'set.keyPrefix': 'Key prefix', 'set.keyCreated': 'Created',
    'set.keyState': 'State', 'set.keyAdd': 'Create ingest key', 'set.keyShown': 'New key (shown this once, copy it now): {k}', 'set.keyRevoke': 'Revoke',
    'set.keyRevokeConfirm': 'Revoke key "{n}"? Delivery systems using it can no longer send data.', 'set.keyActive': 'Active', 'set.keyRevoked': 'Revoked',
    'set.actions': 'Actions', 'set.none': 'None yet',
  },
});

const esc = fmt.esc;
const TABS = ['alerts', 'webhooks', 'keys'];
const TOPICS = ['alerts', 'notices', 'tickets', 'leads'];

registerPage('settings', {
  title: { 'zh-CN': '设置', en: 'Settings' },
  nav: true,
  order: 95,
  capability: 'INTEGRATIONS_MANAGE',
  async render(el, ctx) {
    const { api, toast, dialog, confirmDialog } = ctx;
    let tab = TABS.includes(ctx.params.tab) ? ctx.params.tab : 'alerts';
    el.innerHTML = `<div class="page-head"><h1>${t('set.title')}</h1></div>
      <nav class="tabs" role="tablist">${TABS.map(k => `<button type="button" role="tab" data-tab="${k}" aria-selected="${k === tab}">${t('set.' + k)}</button>`).join('')}</nav>
      <section class="panel" data-body aria-busy="true"><div class="skeleton block"></div></section>`;
    const body = el.querySelector('[data-body]');
    const fail = e => toast(e.message, 'error');

    async function alerts() {
      const s = await api.get('live/alert-settings');
      const yuan = fen => (fen == null ? '' : fmt.fenToYuanInput(fen));
      body.innerHTML = `<form class="form-grid" data-testid="alert-settings" novalidate>
        <label>${t('set.budgetLevels')}<input name="budgetThresholdsPct" value="${esc((s.budgetThresholdsPct || []).join(', '))}"></label>
        <label>${t('set.lowBalanceHours')}<input name="lowBalanceHours" type="number" min="1" max="168" value="${esc(s.lowBalanceHours ?? '')}"></label>
        <label>${t('set.lowBalanceFloor')}<input name="lowBalanceFloorFen" inputmode="decimal" value="${yuan(s.lowBalanceFloorFen)}"></label>
        <label>${t('set.surgePct')}<input name="surgePct" type="number" min="101" max="10000" value="${esc(s.surgePct ?? '')}"></label>
        <label>${t('set.dropPct')}<input name="dropPct" type="number" min="1" max="99" value="${esc(s.dropPct ?? '')}"></label>
        <label>${t('set.swingMin')}<input name="swingMinBaselineFen" inputmode="decimal" value="${yuan(s.swingMinBaselineFen)}"></label>
        <label>${t('set.stallMinutes')}<input name="stallMinutes" type="number" min="5" max="720" value="${esc(s.stallMinutes ?? '')}"></label>
        <div class="form-actions"><button class="btn primary" type="submit">${t('set.save')}</button></div>
        <p class="form-error" role="alert"></p></form>`;
      const form = body.querySelector('form');
      form.addEventListener('submit', async e => {
        e.preventDefault();
        const v = Object.fromEntries(new FormData(form).entries());
        const err = form.querySelector('.form-error');
        err.textContent = '';
        const payload = {
          budgetThresholdsPct: v.budgetThresholdsPct.split(/[,，\s]+/).filter(Boolean).map(Number),
          lowBalanceHours: Number(v.lowBalanceHours), surgePct: Number(v.surgePct), dropPct: Number(v.dropPct), stallMinutes: Number(v.stallMinutes),
          lowBalanceFloorFen: fmt.yuanToFen(v.lowBalanceFloorFen), swingMinBaselineFen: fmt.yuanToFen(v.swingMinBaselineFen),
        };
        if (payload.lowBalanceFloorFen == null || payload.swingMinBaselineFen == null) { err.textContent = t('dlg.invalidAmount'); return; }
        try { await api.put('live/alert-settings', payload); toast(t('set.saved'), 'ok'); } catch (x) { err.textContent = x.message; }
      });
    }

    async function webhooks() {
      const items = (await api.get('webhooks')).items || [];
      body.innerHTML = `<div class="toolbar"><button class="btn primary" type="button" data-act="add">${t('set.whAdd')}</button></div>
        <div class="table-wrap"><table class="data" data-testid="webhooks"><thead><tr><th class="text">${t('set.whName')}</th><th class="text">${t('set.whUrl')}</th>
          <th class="text">${t('set.whFormat')}</th><th class="text">${t('set.whTopics')}</th><th class="text">${t('set.whState')}</th><th class="actions">${t('set.actions')}</th></tr></thead>
        <tbody>${items.length ? items.map(w => `<tr data-id="${w.id}"><td class="text">${esc(w.name)}</td><td class="text wrap">${esc(w.url)}</td>
          <td class="text">${t('set.fmt.' + w.format)}</td><td class="text">${(w.topics || []).map(x => t('set.topic.' + x)).join('、')}</td>
          <td class="text"><span class="pill ${w.enabled ? 'ok' : 'bad'}">${t(w.enabled ? 'set.whEnabled' : 'set.whDisabled')}</span></td>
          <td class="actions"><button class="btn link" data-act="test">${t('set.whTest')}</button><button class="btn link" data-act="log">${t('set.whLog')}</button>
            <button class="btn link" data-act="toggle">${t(w.enabled ? 'set.whDisable' : 'set.whEnable')}</button><button class="btn link danger" data-act="delete">${t('set.whDelete')}</button></td></tr>`).join('')
          : `<tr><td colspan="6" class="empty-state">${t('set.none')}</td></tr>`}</tbody></table></div>`;
      body.querySelector('[data-act=add]').addEventListener('click', async () => {
        const created = await dialog({ title: t('set.whAdd'), fields: [
          { name: 'name', label: t('set.whName') }, { name: 'url', label: t('set.whUrl'), type: 'url' },
          { name: 'format', label: t('set.whFormat'), type: 'radio', value: 'json', options: ['json', 'dingtalk'].map(f => ({ value: f, label: t('set.fmt.' + f) })) }],
        onSubmit: v => api.post('webhooks', { name: v.name, url: v.url, format: v.format, topics: TOPICS }) });
        if (created && created.secret) await dialog({ title: created.name, body: t('set.whSecret', { s: created.secret }), submitLabel: t('act.confirm') });
        webhooks().catch(fail);
      });
      body.querySelector('tbody').addEventListener('click', async e => {
        const b = e.target.closest('button[data-act]');
        const id = e.target.closest('tr')?.dataset.id;
        if (!b || !id) return;
        const w = items.find(x => String(x.id) === id);
        try {
          if (b.dataset.act === 'test') { await api.post(`webhooks/${id}/test`, {}); toast(t('set.whTested'), 'ok'); }
          if (b.dataset.act === 'log') await deliveries(w);
          if (b.dataset.act === 'toggle') {
            await api.put(`webhooks/${id}`, { name: w.name, url: w.url, format: w.format, topics: w.topics, kinds: w.kinds, clientIds: w.clientIds,
              ...(w.minLevel != null ? { minLevel: w.minLevel } : {}), enabled: !w.enabled });
            await webhooks();
          }
          if (b.dataset.act === 'delete' && await confirmDialog(t('set.whDeleteConfirm', { n: w.name }), '')) { await api.del(`webhooks/${id}`); await webhooks(); }
        } catch (x) { fail(x); }
      });
    }

    async function deliveries(w) {
      const items = (await api.get(`webhooks/${w.id}/deliveries`, { limit: 50 })).items || [];
      const d = document.createElement('dialog');
      d.className = 'modal drawer';
      d.innerHTML = `<h2>${esc(t('set.logTitle', { n: w.name }))}</h2>
        <div class="table-wrap"><table class="data" data-testid="deliveries"><thead><tr><th class="text">${t('set.logAt')}</th><th class="text">${t('set.logEvent')}</th>
        <th class="text">${t('set.logStatus')}</th><th>${t('set.logAttempts')}</th><th>${t('set.logCode')}</th><th class="text">${t('set.logError')}</th></tr></thead>
        <tbody>${items.length ? items.map(x => `<tr><td class="text">${fmt.time(x.createdAt)}</td><td class="text">${esc(eventLabel(x.eventType))}</td>
          <td class="text"><span class="pill state-${esc(x.status)}">${esc(label('deliveryStatus', x.status))}</span></td><td>${x.attempts}</td>
          <td>${x.lastStatusCode ?? '—'}</td><td class="text wrap">${esc(x.lastError || '')}</td></tr>`).join('')
          : `<tr><td colspan="6" class="empty-state">${t('set.none')}</td></tr>`}</tbody></table></div>
        <div class="actions"><button type="button" class="btn primary">${t('act.confirm')}</button></div>`;
      document.body.appendChild(d);
      d.querySelector('.actions button').addEventListener('click', () => { d.close(); d.remove(); });
      d.addEventListener('close', () => d.remove());
      d.showModal();
    }

    async function keys() {
      const items = (await api.get('ingest-keys')).items || [];
      body.innerHTML = `<div class="toolbar"><button class="btn primary" type="button" data-act="add">${t('set.keyAdd')}</button></div>
        <div class="table-wrap"><table class="data" data-testid="ingest-keys"><thead><tr><th class="text">${t('set.keyName')}</th><th class="text">${t('set.keyPrefix')}</th>
          <th class="text">${t('set.keyCreated')}</th><th class="text">${t('set.keyState')}</th><th class="actions">${t('set.actions')}</th></tr></thead>
        <tbody>${items.length ? items.map(k => `<tr data-id="${k.id}"><td class="text">${esc(k.name)}</td><td class="text"><code>${esc(k.prefix)}…</code></td>
          <td class="text">${fmt.time(k.createdAt)}</td><td class="text"><span class="pill ${k.revokedAt ? 'bad' : 'ok'}">${t(k.revokedAt ? 'set.keyRevoked' : 'set.keyActive')}</span></td>
          <td class="actions">${k.revokedAt ? '' : `<button class="btn link danger" data-act="revoke">${t('set.keyRevoke')}</button>`}</td></tr>`).join('')
          : `<tr><td colspan="5" class="empty-state">${t('set.none')}</td></tr>`}</tbody></table></div>`;
      body.querySelector('[data-act=add]').addEventListener('click', async () => {
        const created = await dialog({ title: t('set.keyAdd'), fields: [{ name: 'name', label: t('set.keyName') }],
          onSubmit: v => api.post('ingest-keys', { name: v.name }) });
        if (created && created.key) await dialog({ title: created.name, body: t('set.keyShown', { k: created.key }), submitLabel: t('act.confirm') });
        keys().catch(fail);
      });
      body.querySelector('tbody').addEventListener('click', async e => {
        const b = e.target.closest('button[data-act=revoke]');
        const id = e.target.closest('tr')?.dataset.id;
        if (!b || !id) return;
        const k = items.find(x => String(x.id) === id);
        try {
          if (await confirmDialog(t('set.keyRevokeConfirm', { n: k.name }), '')) { await api.del(`ingest-keys/${id}`); await keys(); }
        } catch (x) { fail(x); }
      });
    }

    async function show() {
      el.querySelectorAll('[data-tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
      body.setAttribute('aria-busy', 'true');
      try { await ({ alerts, webhooks, keys })[tab](); } finally { body.setAttribute('aria-busy', 'false'); }
    }
    el.querySelectorAll('[data-tab]').forEach(b => b.addEventListener('click', () => { tab = b.dataset.tab; show().catch(fail); }));
    await show();
  },
});

/** A delivery's message type in words (webhook-test, alert, notice …). */
function eventLabel(type) {
  const key = { 'webhook-test': 'set.whTest', alert: 'set.topic.alerts', 'alert-cleared': 'alert.cleared', notice: 'set.topic.notices',
    'ticket-updated': 'set.topic.tickets', 'lead-updated': 'set.topic.leads' }[type];
  return key ? t(key) : t('set.topic.notices');
}
