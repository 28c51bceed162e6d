// Alert center: the alerts of the clients the caller sees (the server scopes them), filtered by state, kind,
// client and assignee; one alert's figures, timeline (opened, pushed to whom, acknowledged, snoozed,
// re-armed, escalated, fixed, cleared) and actions — acknowledge, snooze with a reason, fix from the alert
// with the amount it proposes. Live: alert, alert-updated and alert-cleared messages re-read the list.
import { registerPage } from '../app.js';
import { idempotencyKey } from '../api.js';
import { t, registerMessages } from '../i18n.js';
import * as fmt from '../format.js';
import { throttled, latestOnly, picker, clients } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'ac.title': '告警中心', 'ac.state': '状态', 'ac.kind': '类型', 'ac.client': '委托人', 'ac.mine': '仅我负责的委托人',
    'ac.all': '全部', 'ac.state.open': '待处理', 'ac.state.acknowledged': '已确认', 'ac.state.snoozed': '已暂停',
    'ac.state.cleared': '已恢复', 'ac.opened': '发生时间', 'ac.figures': '触发数据', 'ac.step': '当前负责',
    'ac.step.dedicated': '专属员工', 'ac.step.admins': '管理员', 'ac.step.main': '主账号', 'ac.actions': '操作',
    'ac.ack': '确认', 'ac.snooze': '暂停提醒', 'ac.reason': '原因', 'ac.minutes': '暂停分钟数', 'ac.empty': '暂无告警',
    'ac.timeline': '处理记录', 'ac.by': '操作人', 'ac.system': '系统', 'ac.fix': '一键处理',
    'ac.fix.allocation': '调拨 {amount} 给委托人', 'ac.fix.coupon': '发放 {amount} 优惠券',
    'ac.fix.budget': '日预算调整为 {amount}', 'ac.fix.amount': '金额（元）', 'ac.fixed': '已处理',
    'ac.until': '暂停至 {t}', 'ac.more': '更多', 'ac.select': '选择一条告警查看详情',
    'alert.flapping': '告警反复', 'alert.pacing': '预算将提前耗尽',
    'ac.s.opened': '发生', 'ac.s.pushed': '通知', 'ac.s.acked': '确认', 'ac.s.snoozed': '暂停', 'ac.s.rearmed': '重新提醒',
    'ac.s.level-raised': '级别升高', 'ac.s.escalated': '升级', 'ac.s.fixed': '处理', 'ac.s.cleared': '恢复',
  },
  en: {
    'ac.title': 'Alert center', 'ac.state': 'State', 'ac.kind': 'Kind', 'ac.client': 'Client', 'ac.mine': 'Only my clients',
    'ac.all': 'All', 'ac.state.open': 'Open', 'ac.state.acknowledged': 'Acknowledged', 'ac.state.snoozed': 'Snoozed',
    'ac.state.cleared': 'Cleared', 'ac.opened': 'Opened', 'ac.figures': 'Figures', 'ac.step': 'With',
    'ac.step.dedicated': 'Dedicated employee', 'ac.step.admins': 'Admins', 'ac.step.main': 'Main account', 'ac.actions': 'Actions',
    'ac.ack': 'Acknowledge', 'ac.snooze': 'Snooze', 'ac.reason': 'Reason', 'ac.minutes': 'Minutes', 'ac.empty': 'No alerts',
    'ac.timeline': 'Timeline', 'ac.by': 'By', 'ac.system': 'Beacon', 'ac.fix': 'Fix',
    'ac.fix.allocation': 'Allocate {amount} to the client', 'ac.fix.coupon': 'Grant a {amount} coupon',
    'ac.fix.budget': 'Set the daily budget to {amount}', 'ac.fix.amount': 'Amount (yuan)', 'ac.fixed': 'Fixed',
    'ac.until': 'snoozed until {t}', 'ac.more': 'More', 'ac.select': 'Pick an alert to see its details',
    'alert.flapping': 'Alert flapping', 'alert.pacing': 'Budget pacing',
    'ac.s.opened': 'Opened', 'ac.s.pushed': 'Pushed', 'ac.s.acked': 'Acknowledged', 'ac.s.snoozed': 'Snoozed', 'ac.s.rearmed': 'Re-armed',
    'ac.s.level-raised': 'Level raised', 'ac.s.escalated': 'Escalated', 'ac.s.fixed': 'Fixed', 'ac.s.cleared': 'Cleared',
  },
});

const KINDS = ['budget', 'budget-exhausted', 'low-balance', 'balance-exhausted', 'fund-anomaly', 'spend-surge', 'spend-drop',
  'spend-stall', 'flapping', 'pacing'];
const STATES = ['open', 'acknowledged', 'snoozed', 'cleared'];
/**
 * The figures of an alert as the catalogue words them (nt.fig.*, the same words as its notice): money in
 * yuan, ratios with one decimal; a figure the catalogue has no words for is left out.
 */
function figures(f) {
  if (!f) return '';
  return Object.entries(f).filter(([k, v]) => typeof v === 'number' && t('nt.fig.' + k) !== 'nt.fig.' + k)
    .map(([k, v]) => t('nt.fig.' + k, { v: /Fen(PerHour)?$/.test(k) ? fmt.money(v) : Number.isInteger(v) ? v : v.toFixed(1) }))
    .join(' · ');
}

/** What a timeline step says beyond its name. */
function stepDetail(s) {
  const d = s.detail || {};
  switch (s.step) {
    case 'pushed': return (d.to || []).map(p => `${p.name}${p.channels?.length ? ' (' + p.channels.join(', ') + ')' : ' —'}`).join('; ');
    case 'acked': return d.reason || '';
    case 'snoozed': return `${t('ac.until', { t: fmt.time(d.until) })} · ${d.reason || ''}`;
    case 'rearmed': return d.because === 'next-level' ? t('alert.' + d.kind) : '';
    case 'level-raised': return `${d.fromLevel}% → ${d.toLevel}%`;
    case 'escalated': return `${t('ac.step.' + d.from)} → ${t('ac.step.' + d.to)}: ${(d.people || []).map(p => p.name).join(', ')}`;
    case 'fixed': return `${d.action} ${d.amountFen != null ? fmt.money(d.amountFen) : d.dailyBudgetFen != null ? fmt.money(d.dailyBudgetFen) : ''}`;
    case 'opened': case 'cleared': return figures(d.figures);
    default: return '';
  }
}

registerPage('alerts', {
  title: { 'zh-CN': '告警', en: 'Alerts' },
  nav: true,
  order: 25,
  identity: 'any',
  capability: 'CLIENTS_VIEW',
  async render(el, ctx) {
    const { api, params, can, me } = ctx;
    let selected = params.id || null;
    let items = [];
    const filters = { state: params.state || '', kind: params.kind || '', clientId: params.clientId || '', mine: params.mine === '1' };
    el.innerHTML = `<h1>${t('ac.title')}</h1>
      <section class="card"><form class="filters" data-filters>
        <label>${t('ac.state')} <select name="state"><option value="">${t('ac.all')}</option>
          ${STATES.map(s => `<option value="${s}">${t('ac.state.' + s)}</option>`).join('')}</select></label>
        <label>${t('ac.kind')} <select name="kind"><option value="">${t('ac.all')}</option>
          ${KINDS.map(k => `<option value="${k}">${fmt.esc(t('alert.' + k))}</option>`).join('')}</select></label>
        <label class="client-filter">${t('ac.client')} <span data-client-slot></span></label>
        ${me.staffId ? `<label><input name="mine" type="checkbox"> ${t('ac.mine')}</label>` : ''}
      </form>
      <div class="table-wrap"><table class="data" data-testid="alerts">
        <thead><tr><th scope="col">ID</th><th scope="col" class="text">${t('ac.opened')}</th><th scope="col" class="text">${t('col.client')}</th>
          <th scope="col" class="text">${t('ac.kind')}</th><th scope="col" class="text">${t('ac.figures')}</th>
          <th scope="col" class="text">${t('ac.state')}</th><th scope="col" class="text">${t('ac.step')}</th></tr></thead>
        <tbody></tbody></table></div></section>
      <section class="card" data-testid="alert-detail"><p class="muted">${t('ac.select')}</p></section>`;
    const form = el.querySelector('[data-filters]');
    form.state.value = filters.state;
    form.kind.value = filters.kind;
    // the advertiser is chosen by name (the shared picker); a link may bring its id and name along
    form.querySelector('[data-client-slot]').replaceWith(picker({ name: 'clientId', search: clients(api), placeholder: t('ac.client'),
      initial: filters.clientId ? [{ id: filters.clientId, label: params.clientName || '' }] : [] }));
    if (form.mine) form.mine.checked = filters.mine;
    const tbody = el.querySelector('tbody');
    const detail = el.querySelector('[data-testid=alert-detail]');
    const listTurn = latestOnly();
    const detailTurn = latestOnly();

    function rowHtml(a) {
      return `<tr data-alert="${a.id}" data-kind="${a.kind}" data-state="${a.state}" tabindex="0"
          ${String(a.id) === String(selected) ? 'class="selected" aria-current="true"' : ''}>
        <td>${a.id}</td><td class="text">${fmt.esc(fmt.time(a.openedAt))}</td><td class="text">${fmt.esc(a.clientName)}</td>
        <td class="text">${fmt.esc(t('alert.' + a.kind))}${a.level ? ' ' + a.level + '%' : ''}</td>
        <td class="text"><small>${fmt.esc(figures(a.figures))}</small></td>
        <td class="text" data-f="state">${fmt.esc(t('ac.state.' + a.state))}${a.state === 'snoozed' ? `<br><small class="muted">${fmt.esc(t('ac.until', { t: fmt.time(a.snoozedUntil) }))}</small>` : ''}</td>
        <td class="text">${a.escalationStep && a.state !== 'cleared' ? fmt.esc(t('ac.step.' + a.escalationStep)) : '—'}</td></tr>`;
    }

    async function loadList() {
      const current = listTurn();
      const q = { state: filters.state, kind: filters.kind, clientId: filters.clientId, limit: 100,
        assignee: filters.mine ? me.staffId : '' };
      let r;
      try { r = await api.get('alerts', q); } catch (e) {
        if (current()) tbody.innerHTML = `<tr><td colspan="7" class="error" role="alert">${fmt.esc(e.message)}</td></tr>`;
        return;
      }
      if (!current()) return;
      items = r.items;
      tbody.innerHTML = items.length ? items.map(rowHtml).join('') : `<tr><td colspan="7" class="empty">${t('ac.empty')}</td></tr>`;
    }

    function fixButtons(a) {
      const p = a.proposal;
      if (!p || a.state === 'cleared') return '';
      if (p.fix === 'funds' && can('FUNDS_MANAGE')) {
        return `<button type="button" class="btn primary" data-act="fix-allocation">${fmt.esc(t('ac.fix.allocation', { amount: fmt.money(p.amountFen) }))}</button>
          <button type="button" class="btn" data-act="fix-coupon">${fmt.esc(t('ac.fix.coupon', { amount: fmt.money(p.amountFen) }))}</button>`;
      }
      if (p.fix === 'budget' && can('CLIENT_OPERATE')) {
        return `<button type="button" class="btn primary" data-act="fix-budget">${fmt.esc(t('ac.fix.budget', { amount: fmt.money(p.dailyBudgetFen) }))}</button>`;
      }
      return '';
    }

    async function loadDetail() {
      if (!selected) return;
      const current = detailTurn();
      let a;
      try { a = await api.get('alerts/' + selected); } catch (e) {
        if (current()) detail.innerHTML = `<p class="error" role="alert">${fmt.esc(e.message)}</p>`;
        return;
      }
      if (!current()) return;
      detail.dataset.alert = a.id;
      detail.dataset.state = a.state;
      detail.innerHTML = `<header><h2>#${a.id} ${fmt.esc(t('alert.' + a.kind))}${a.level ? ' ' + a.level + '%' : ''} · ${fmt.esc(a.clientName)}</h2>
          <span class="badge" data-f="state">${fmt.esc(t('ac.state.' + a.state))}</span></header>
        <p>${fmt.esc(figures(a.figures))}</p>
        <div class="actions">${a.state === 'open' ? `<button type="button" class="btn" data-act="ack">${t('ac.ack')}</button>` : ''}
          ${a.state !== 'cleared' ? `<button type="button" class="btn" data-act="snooze">${t('ac.snooze')}</button>` : ''}
          ${fixButtons(a)}</div>
        <h3>${t('ac.timeline')}</h3>
        <ol class="timeline" data-testid="timeline">${a.timeline.map(s => `<li data-step="${s.step}">
          <time datetime="${fmt.esc(s.at)}">${fmt.esc(fmt.time(s.at))}</time> <strong>${fmt.esc(t('ac.s.' + s.step))}</strong>
          <span class="muted">${fmt.esc(s.staffName || t('ac.system'))}</span> ${fmt.esc(stepDetail(s))}</li>`).join('')}</ol>`;
      detail.querySelector('[data-act=ack]')?.addEventListener('click', () => act(() => ctx.dialog({
        title: t('ac.ack'), fields: [{ name: 'reason', label: t('ac.reason') }],
        onSubmit: v => api.post(`alerts/${a.id}/ack`, v.reason ? { reason: v.reason } : {}) })));
      detail.querySelector('[data-act=snooze]')?.addEventListener('click', () => act(() => ctx.dialog({
        title: t('ac.snooze'), fields: [{ name: 'minutes', label: t('ac.minutes'), type: 'number', value: 30, inputmode: 'numeric' },
          { name: 'reason', label: t('ac.reason') }],
        onSubmit: v => api.post(`alerts/${a.id}/snooze`, { minutes: Number(v.minutes), reason: v.reason }) })));
      const fix = (path, amountField, body) => act(() => {
        const key = idempotencyKey();   // one key per confirmed action, kept across the dialog's retries
        return ctx.dialog({
          title: t('ac.fix'), fields: [{ name: 'amount', label: t('ac.fix.amount'), value: fmt.fenToYuanInput(a.proposal[amountField]), inputmode: 'decimal' }],
          onSubmit: v => api.post(`alerts/${a.id}/fix/${path}`, body(fmt.yuanToFen(v.amount)), path === 'daily-budget' ? {} : { headers: { 'Idempotency-Key': key } }),
        });
      });
      detail.querySelector('[data-act=fix-allocation]')?.addEventListener('click', () => fix('allocation', 'amountFen', fen => ({ amountFen: fen })));
      detail.querySelector('[data-act=fix-coupon]')?.addEventListener('click', () => fix('coupon', 'amountFen', fen => ({ amountFen: fen })));
      detail.querySelector('[data-act=fix-budget]')?.addEventListener('click', () => fix('daily-budget', 'dailyBudgetFen', fen => ({ dailyBudgetFen: fen })));
    }

    async function act(run) {
      try {
        if (await run()) { await loadList(); await loadDetail(); }
      } catch (e) { ctx.toast(e.message, 'error'); }
    }

    form.addEventListener('change', () => {
      filters.state = form.state.value;
      filters.kind = form.kind.value;
      filters.clientId = form.clientId.value;
      filters.mine = !!form.mine?.checked;
      loadList();
    });
    const pick = tr => {
      if (!tr) return;
      selected = tr.dataset.alert;
      tbody.querySelectorAll('tr.selected').forEach(x => { x.classList.remove('selected'); x.removeAttribute('aria-current'); });
      tr.classList.add('selected');
      tr.setAttribute('aria-current', 'true');
      loadDetail();
    };
    tbody.addEventListener('click', e => pick(e.target.closest('tr[data-alert]')));
    tbody.addEventListener('keydown', e => { if (e.key === 'Enter') pick(e.target.closest('tr[data-alert]')); });

    const refresh = throttled(() => { loadList(); loadDetail(); }, 500);
    const offs = ['alert', 'alert-updated', 'alert-cleared', 'resync'].map(type => ctx.live.on(type, refresh));
    await loadList();
    await loadDetail();
    return () => offs.forEach(off => off());
  },
});
