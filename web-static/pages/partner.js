// Channel cooperation — 渠道合作, main account and admins only: performance (业绩管理: assessment
// indicators of a quarter or month with status, the clients with spend and their download), the health
// score (代理商健康度: three behaviour scores, deductions, inspections, monthly history) and the tasks the
// platform pushed (任务管理), refreshed live when a task's notice arrives.
import { registerPage } from '../app.js';
import { registerMessages, t, label } from '../i18n.js';
import * as fmt from '../format.js';
import { tabbedPage } from '../tabs.js';

registerMessages({
  'zh-CN': {
    'pt.title': '渠道合作', 'pt.tab.performance': '业绩管理', 'pt.tab.health': '代理商健康度', 'pt.tab.tasks': '任务管理',
    'pt.period': '考核周期', 'pt.quarter': '按季', 'pt.month': '按月', 'pt.indicator': '考核指标', 'pt.target': '目标', 'pt.actual': '实际',
    'pt.progress': '完成度', 'pt.status': '状态', 'pt.source': '来源', 'pt.source.beacon': '平台计算', 'pt.source.platform': '平台发布',
    'pt.status.assessing': '考核中', 'pt.status.met': '达标', 'pt.status.missed': '未达标', 'pt.noIndicators': '该周期暂无考核指标',
    'pt.spend': '消耗', 'pt.activeClients': '有消耗客户数', 'pt.newClients': '新增客户数', 'pt.clients': '消耗 > 0 的客户明细',
    'pt.client': '客户名称', 'pt.pid': 'PID', 'pt.industry': '行业', 'pt.total': '共 {n} 个客户，合计消耗 {s}',
    'pt.scores': '健康度得分', 'pt.business': '商务行为', 'pt.promotion': '推广行为', 'pt.credit': '资信行为', 'pt.overall': '综合',
    'pt.deductions': '扣分明细', 'pt.date': '日期', 'pt.behaviour': '行为', 'pt.rule': '扣分规则', 'pt.points': '扣分', 'pt.evidence': '依据',
    'pt.noDeductions': '本月无扣分', 'pt.inspections': '巡检任务', 'pt.inspection': '任务名称', 'pt.range': '巡检周期', 'pt.result': '巡检结果',
    'pt.insp.scheduled': '待巡检', 'pt.insp.running': '巡检中', 'pt.insp.passed': '通过', 'pt.insp.failed': '未通过', 'pt.history': '月度趋势',
    'pt.month.label': '月份', 'pt.task': '任务', 'pt.kind': '类型', 'pt.deadline': '截止时间', 'pt.published': '推送时间',
    'pt.kind.indicator': '考核指标', 'pt.kind.product_release': '新产品发布', 'pt.kind.account_setup': '账户基建',
    'pt.state.unread': '未读', 'pt.state.in_progress': '进行中', 'pt.state.done': '已完成', 'pt.state.expired': '已过期',
    'pt.open': '查看', 'pt.complete': '标记完成', 'pt.allStates': '全部', 'pt.noTasks': '暂无任务', 'pt.forRole': '仅{r}',
    'task.kind.partner-clients': '消耗客户明细',
  },
  en: {
    'pt.title': 'Channel', 'pt.tab.performance': 'Performance', 'pt.tab.health': 'Health score', 'pt.tab.tasks': 'Tasks',
    'pt.period': 'Period', 'pt.quarter': 'Quarter', 'pt.month': 'Month', 'pt.indicator': 'Indicator', 'pt.target': 'Target', 'pt.actual': 'Actual',
    'pt.progress': 'Progress', 'pt.status': 'Status', 'pt.source': 'Source', 'pt.source.beacon': 'Computed', 'pt.source.platform': 'Published',
    'pt.status.assessing': 'Assessing', 'pt.status.met': 'Met', 'pt.status.missed': 'Missed', 'pt.noIndicators': 'No indicators for this period',
    'pt.spend': 'Spend', 'pt.activeClients': 'Clients with spend', 'pt.newClients': 'New clients', 'pt.clients': 'Clients with spend > 0',
    'pt.client': 'Client', 'pt.pid': 'PID', 'pt.industry': 'Industry', 'pt.total': '{n} clients, {s} spent in total',
    'pt.scores': 'Health score', 'pt.business': 'Business', 'pt.promotion': 'Promotion', 'pt.credit': 'Credit', 'pt.overall': 'Overall',
    'pt.deductions': 'Deductions', 'pt.date': 'Date', 'pt.behaviour': 'Behaviour', 'pt.rule': 'Rule', 'pt.points': 'Points', 'pt.evidence': 'Evidence',
    'pt.noDeductions': 'No deductions this month', 'pt.inspections': 'Inspections', 'pt.inspection': 'Inspection', 'pt.range': 'Period', 'pt.result': 'Result',
    'pt.insp.scheduled': 'Scheduled', 'pt.insp.running': 'Running', 'pt.insp.passed': 'Passed', 'pt.insp.failed': 'Failed', 'pt.history': 'By month',
    'pt.month.label': 'Month', 'pt.task': 'Task', 'pt.kind': 'Kind', 'pt.deadline': 'Deadline', 'pt.published': 'Pushed',
    'pt.kind.indicator': 'Indicator', 'pt.kind.product_release': 'New product', 'pt.kind.account_setup': 'Account set-up',
    'pt.state.unread': 'Unread', 'pt.state.in_progress': 'In progress', 'pt.state.done': 'Done', 'pt.state.expired': 'Expired',
    'pt.open': 'Open', 'pt.complete': 'Mark done', 'pt.allStates': 'All', 'pt.noTasks': 'No tasks', 'pt.forRole': '{r} only',
    'task.kind.partner-clients': 'Clients with spend',
  },
});

const esc = fmt.esc;
const TABS = ['performance', 'health', 'tasks'];
const BEHAVIOURS = ['business', 'promotion', 'credit'];

function value(unit, v) {
  if (v == null) return '—';
  if (unit === 'fen') return fmt.money(v);
  if (unit === 'percent') return v + '%';
  return fmt.count(v);
}

function monthsBack(n) {
  const out = [];
  const d = new Date();
  for (let i = 0; i < n; i++) {
    const m = new Date(d.getFullYear(), d.getMonth() - i, 1);
    out.push(`${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

async function performance(el, ctx, state) {
  const { api } = ctx;
  const perf = await api.get('channel/performance', { period: state.period });
  state.period = perf.period.label;
  const periods = [...perf.periods, ...monthsBack(6)];
  const clients = await api.get('channel/performance/clients', { period: state.period, page: state.page || 1, pageSize: 20 });
  el.innerHTML = `<form class="toolbar" data-form="period"><label>${t('pt.period')}
      <select name="period" data-testid="period">${periods.map(p => `<option value="${p}" ${p === state.period ? 'selected' : ''}>${p}</option>`).join('')}</select></label>
      <span>${perf.period.from} ~ ${perf.period.to}</span></form>
    <div class="kpis" data-testid="partner-figures">
      <div class="kpi"><div class="label">${t('pt.spend')}</div><div class="value">${fmt.money(perf.figures.spendFen)}</div></div>
      <div class="kpi"><div class="label">${t('pt.activeClients')}</div><div class="value">${fmt.count(perf.figures.activeClients)}</div></div>
      <div class="kpi"><div class="label">${t('pt.newClients')}</div><div class="value">${fmt.count(perf.figures.newClients)}</div></div></div>
    <section class="card" style="margin-top:16px"><header><h2>${t('pt.indicator')}</h2></header>
      <div class="table-wrap"><table class="data" data-testid="indicators"><thead><tr><th>${t('pt.indicator')}</th><th>${t('pt.target')}</th>
        <th>${t('pt.actual')}</th><th>${t('pt.progress')}</th><th class="text">${t('pt.source')}</th><th class="text">${t('pt.status')}</th></tr></thead>
      <tbody>${perf.indicators.map(i => `<tr data-code="${esc(i.code)}"><td>${esc(i.name)}</td><td>${value(i.unit, i.target)}</td><td>${value(i.unit, i.actual)}</td>
        <td>${i.progressPct == null ? '—' : i.progressPct + '%'}</td><td class="text">${t('pt.source.' + i.source)}</td>
        <td class="text"><span class="status status-${i.status}">${t('pt.status.' + i.status)}</span></td></tr>`).join('')
        || `<tr><td colspan="6" class="empty">${t('pt.noIndicators')}</td></tr>`}</tbody></table></div></section>
    <section class="card" style="margin-top:16px"><header><h2>${t('pt.clients')}</h2>
      <span data-testid="clients-total">${t('pt.total', { n: fmt.count(clients.total), s: fmt.money(clients.totalSpendFen) })}</span>
      ${ctx.can('EXPORTS') ? `<button type="button" class="btn" data-act="export">${t('task.download')}</button>` : ''}</header>
      <div class="table-wrap"><table class="data" data-testid="partner-clients"><thead><tr><th>${t('pt.client')}</th><th class="text">${t('pt.pid')}</th>
        <th class="text">${t('pt.industry')}</th><th>${t('pt.spend')}</th></tr></thead>
      <tbody>${clients.items.map(c => `<tr><td>${esc(c.name)}</td><td class="text">${esc(c.pid)}</td><td class="text">${esc(label('industry', c.industry))}</td>
        <td>${fmt.money(c.spendFen)}</td></tr>`).join('') || `<tr><td colspan="4" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div>
      <p><button class="btn ghost" data-page="-1" ${clients.page <= 1 ? 'disabled' : ''}>${t('mon.prev')}</button>
        <button class="btn ghost" data-page="1" ${clients.page * clients.pageSize >= clients.total ? 'disabled' : ''}>${t('mon.next')}</button></p></section>`;
  el.querySelector('[name=period]').addEventListener('change', e => { state.period = e.target.value; state.page = 1; state.reload(); });
  el.querySelectorAll('[data-page]').forEach(b => b.addEventListener('click', () => { state.page = (state.page || 1) + Number(b.dataset.page); state.reload(); }));
  el.querySelector('[data-act=export]')?.addEventListener('click', async () => {
    const task = await ctx.dialog({
      title: t('task.download'),
      fields: [{ name: 'format', type: 'radio', label: t('task.format'), value: 'csv', options: [{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel (XLSX)' }] }],
      submitLabel: t('task.download'),
      onSubmit: v => api.post('exports', { kind: 'partner-clients', format: v.format, filters: { period: state.period } }),
    });
    if (!task) return;
    ctx.toast(t('task.started'));
    ctx.navigate('tasks', { id: task.id });
  });
}

async function health(el, ctx) {
  const h = await ctx.api.get('channel/health');
  el.innerHTML = `<div class="kpis" data-testid="health-scores">${[...BEHAVIOURS, 'overall'].map(b =>
      `<div class="kpi" data-score="${b}"><div class="label">${t('pt.' + b)}</div><div class="value">${h.scores[b]}</div></div>`).join('')}</div>
    <div class="grid" style="margin-top:16px">
      <section class="card span-6"><header><h2>${t('pt.history')}</h2></header><div class="chart" data-chart></div></section>
      <section class="card span-6"><header><h2>${t('pt.deductions')} · ${esc(h.month)}</h2></header>
        <div class="table-wrap"><table class="data" data-testid="deductions"><thead><tr><th>${t('pt.date')}</th><th class="text">${t('pt.behaviour')}</th>
          <th class="text">${t('pt.rule')}</th><th>${t('pt.points')}</th><th class="text">${t('pt.evidence')}</th></tr></thead>
        <tbody>${h.deductions.map(d => `<tr><td>${d.occurredOn}</td><td class="text">${t('pt.' + d.behaviour)}</td><td class="text">${esc(d.rule)}</td>
          <td>-${d.points}</td><td class="text">${esc(d.evidence || '')}</td></tr>`).join('') || `<tr><td colspan="5" class="empty">${t('pt.noDeductions')}</td></tr>`}</tbody></table></div></section>
      <section class="card span-12"><header><h2>${t('pt.inspections')}</h2></header>
        <div class="table-wrap"><table class="data" data-testid="inspections"><thead><tr><th>${t('pt.inspection')}</th><th class="text">${t('pt.range')}</th>
          <th class="text">${t('pt.status')}</th><th class="text">${t('pt.result')}</th></tr></thead>
        <tbody>${h.inspections.map(i => `<tr><td>${esc(i.name)}</td><td class="text">${i.periodFrom} ~ ${i.periodTo}</td>
          <td class="text"><span class="status status-${i.status}">${t('pt.insp.' + i.status)}</span></td><td class="text">${esc(i.result || '—')}</td></tr>`).join('')
          || `<tr><td colspan="4" class="empty">${t('common.none')}</td></tr>`}</tbody></table></div></section></div>`;
  return scoreChart(el.querySelector('[data-chart]'), h.history.map(m => m.month),
    BEHAVIOURS.map(b => ({ name: t('pt.' + b), values: h.history.map(m => m[b]) })));
}

/** Monthly scores (0–100) as lines; returns the cleanup. The shared trend chart formats money, scores are points. */
function scoreChart(el, months, series) {
  if (!window.echarts) return () => {};
  const chart = window.echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months }, yAxis: { type: 'value', min: 0, max: 100 },
    series: series.map(s => ({ name: s.name, type: 'line', data: s.values })),
  });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => { window.removeEventListener('resize', resize); chart.dispose(); };
}

async function tasks(el, ctx, state) {
  const { api, toast } = ctx;
  const r = await api.get('channel/tasks', { state: state.taskState });
  const states = ['unread', 'in_progress', 'done', 'expired'];
  el.innerHTML = `<div class="seg" role="group" data-testid="task-states"><button type="button" data-state="" aria-pressed="${!state.taskState}">${t('pt.allStates')}</button>
      ${states.map(s => `<button type="button" data-state="${s}" aria-pressed="${state.taskState === s}">${t('pt.state.' + s)} (${r.counts[s]})</button>`).join('')}</div>
    <div class="table-wrap" style="margin-top:8px"><table class="data" data-testid="partner-tasks"><thead><tr><th>${t('pt.task')}</th><th class="text">${t('pt.kind')}</th>
      <th class="text">${t('pt.status')}</th><th>${t('pt.published')}</th><th>${t('pt.deadline')}</th><th></th></tr></thead>
    <tbody>${r.items.map(k => `<tr data-task="${k.id}" class="task-${k.state}"><td><strong>${esc(k.title)}</strong>${k.role ? ` <small>${t('pt.forRole', { r: t('ac.role.' + k.role) })}</small>` : ''}
        <br><small>${esc(k.body)}</small></td><td class="text">${t('pt.kind.' + k.kind)}</td>
        <td class="text"><span class="status status-${k.state}">${t('pt.state.' + k.state)}</span></td><td>${fmt.time(k.publishedAt)}</td><td>${fmt.time(k.deadline)}</td>
        <td>${k.state === 'unread' ? `<button class="btn ghost" data-act="read">${t('pt.open')}</button>` : ''}
          ${k.state === 'unread' || k.state === 'in_progress' ? `<button class="btn" data-act="complete">${t('pt.complete')}</button>` : ''}
          ${k.link ? `<a href="${esc(k.link)}">${t('home.more')}</a>` : ''}</td></tr>`).join('')
      || `<tr><td colspan="6" class="empty">${t('pt.noTasks')}</td></tr>`}</tbody></table></div>`;
  el.querySelectorAll('[data-state]').forEach(b => b.addEventListener('click', () => { state.taskState = b.dataset.state || null; state.reload(); }));
  el.querySelector('tbody').addEventListener('click', async e => {
    const b = e.target.closest('button[data-act]');
    if (!b) return;
    try {
      await api.post(`channel/tasks/${b.closest('tr').dataset.task}/${b.dataset.act}`);
      state.reload();
    } catch (err) { toast(err.message, 'error'); }
  });
}

registerPage('partner', {
  title: { 'zh-CN': '渠道合作', en: 'Channel' },
  nav: true,
  order: 85,
  capability: 'CHANNEL_VIEW',
  async render(el, ctx) {
    const state = { tab: TABS.includes(ctx.params.tab) ? ctx.params.tab : 'performance', period: ctx.params.period || null, page: 1, taskState: null };
    const dispose = await tabbedPage(el, ctx, { title: t('pt.title'), label: n => t('pt.tab.' + n), views: { performance, health, tasks }, state });
    // a task or health notice from the platform arrives: the open tab shows it at once
    const off = ctx.live.on('notice', m => { if (m.notice?.kind === 'system' && state.tab !== 'performance') state.reload(); });
    return () => { off(); dispose(); };
  },
});
