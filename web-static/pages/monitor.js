// Monitoring table — 投放 (MT1–MT4): filters (mode, date, attribution, industry, search), totals with
// trend, one row per client with sparkline and live cells, sorting by any column, paging, and row
// actions: switch into the client, qualification details and edit (qualification.js), edit daily
// budget, transfer funds, terminate (confirmed). #/monitor?qualification=<clientId> opens a client's details.
import { registerPage } from '../app.js';
import { ApiError, idempotencyKey } from '../api.js';
import { t, label } from '../i18n.js';
import * as fmt from '../format.js';
import { sparkline, applyCounters, trendChart, throttled, flash, dateField } from '../widgets.js';
import { showQualification, editQualification } from '../qualification.js';

const COLUMNS = [
  { key: 'name', label: 'col.client', text: true },
  { key: 'impressions', label: 'col.impressions', f: fmt.count },
  { key: 'clicks', label: 'col.clicks', f: fmt.count },
  { key: 'spend', field: 'spendFen', label: 'col.spend', f: fmt.money },
  { key: 'conversions', label: 'col.conversions', f: fmt.count },
  { key: 'cost', field: 'costPerConversionFen', label: 'col.cpa', f: fmt.money },
  { key: 'ctr', label: 'col.ctr', f: v => fmt.pct(v) },
  { key: 'cvr', label: 'col.cvr', f: v => fmt.pct(v) },
  { key: 'balance', field: 'balanceFen', label: 'col.balance', f: fmt.money },
  { key: 'budget', field: 'dailyBudgetFen', label: 'col.budget', f: fmt.money },
  { key: 'budgetUsed', field: 'budgetUsedPct', label: 'col.budgetUsed' },
];
// Today's pacing at the current rate (the row's `pacing`, null when the view is not today's live figures);
// the server does not sort by it, so these headers are plain.
const PACING = [
  { key: 'projectedSpendFen', label: 'col.projected', f: fmt.money },
  { key: 'balanceZeroAt', label: 'col.balanceZero', f: fmt.time },
];

registerPage('monitor', {
  title: { 'zh-CN': '投放', en: 'Delivery' },
  nav: true,
  order: 20,
  capability: 'CLIENTS_VIEW',
  async render(el, ctx) {
    const { api, live, params } = ctx;
    const s = { range: params.range || 'today', from: params.from || '', to: params.to || '', mode: params.mode || '',
      attribution: params.attribution || 'billing', industry: params.industry || '', q: params.q || '', sort: params.sort || '-spend',
      page: Number(params.page || 1), pageSize: Number(params.pageSize || 20) };
    let data = null;
    el.innerHTML = `<h1>${t('mon.title')}</h1>
      <form class="toolbar" data-filters role="search">
        <label>${t('mon.mode')} <select name="mode">${['', 'smart', 'search', 'display', 'external'].map(m =>
          `<option value="${m}" ${m === s.mode ? 'selected' : ''}>${t(m ? 'mon.' + m : 'mon.all')}</option>`).join('')}</select></label>
        <label>${t('mon.date')} <select name="range">${[['today', 'home.today'], ['yesterday', 'home.yesterday'], ['7d', 'home.d7'], ['30d', 'home.d30'], ['custom', 'home.custom']].map(([v, k]) =>
          `<option value="${v}" ${v === s.range ? 'selected' : ''}>${t(k)}</option>`).join('')}</select></label>
        <span data-custom ${s.range === 'custom' ? '' : 'hidden'}><label>${t('mon.from')} ${dateField({ name: 'from', value: s.from })}</label>
          <label>${t('mon.to')} ${dateField({ name: 'to', value: s.to })}</label></span>
        <label>${t('mon.attribution')} <select name="attribution"><option value="billing">${t('home.billing')}</option>
          <option value="conversion" ${s.attribution === 'conversion' ? 'selected' : ''}>${t('home.conversion')}</option></select></label>
        <label>${t('col.industry')} <select name="industry"><option value="">${t('home.allIndustries')}</option></select></label>
        <label><span class="sr-only">${t('top.search')}</span><input type="search" name="q" value="${fmt.esc(s.q)}" placeholder="${t('top.search')}" size="28"></label>
        ${ctx.can('EXPORTS') ? `<button type="button" class="btn" data-act="export">${t('task.download')}</button>` : ''}
      </form>
      <section class="card" aria-label="${t('mon.totals')}"><div class="kpis" data-totals></div><div class="chart" data-chart style="height:180px"></div></section>
      <section class="card" style="margin-top:12px"><div class="table-wrap"><table class="data" data-testid="monitor-table">
        <thead><tr>${COLUMNS.map(c => `<th scope="col" class="${c.text ? 'text' : ''}" data-sort="${c.key}"><button type="button">${t(c.label)}</button></th>`).join('')}
          ${PACING.map(c => `<th scope="col" data-pacing="${c.key}">${t(c.label)}</th>`).join('')}
          <th scope="col">${t('col.trend')}</th><th scope="col" class="text">${t('col.actions')}</th></tr></thead><tbody></tbody></table></div>
        <div class="pager"><span data-count></span><button type="button" class="btn" data-page="-1">${t('mon.prev')}</button>
          <span data-pageno></span><button type="button" class="btn" data-page="1">${t('mon.next')}</button></div></section>`;
    const form = el.querySelector('[data-filters]');
    const tbody = el.querySelector('tbody');
    const chart = trendChart(el.querySelector('[data-chart]'));

    try {
      const ind = await api.get('home/industries');
      form.industry.insertAdjacentHTML('beforeend', ind.industries.map(i => `<option value="${fmt.esc(i.industry)}" ${i.industry === s.industry ? 'selected' : ''}>${fmt.esc(label('industry', i.industry))}</option>`).join(''));
    } catch { /* the filter stays "all" */ }

    function query() {
      const q = { range: s.range, mode: s.mode, attribution: s.attribution, industry: s.industry, q: s.q, sort: s.sort, page: s.page, pageSize: s.pageSize };
      if (s.range === 'custom') { q.from = s.from; q.to = s.to; }
      return q;
    }

    async function load() {
      if (s.range === 'custom' && !(s.from && s.to)) return;
      try { data = await api.get('monitor/clients', query()); } catch (e) {
        tbody.innerHTML = `<tr><td colspan="15" class="error" role="alert">${fmt.esc(e instanceof ApiError && e.errors.length ? e.errors.map(x => x.field + ': ' + x.message).join('; ') : e.message)}</td></tr>`;
        return;
      }
      render();
    }

    function render() {
      const tot = data.totals;
      el.querySelector('[data-totals]').innerHTML = [
        ['col.spend', fmt.money(tot.spendFen)], ['col.impressions', fmt.count(tot.impressions)], ['col.cpm', fmt.money(tot.cpmFen)],
        ['col.clicks', fmt.count(tot.clicks)], ['col.conversions', fmt.count(tot.conversions)],
      ].map(([k, v]) => `<div class="kpi"><div class="label">${t(k)}</div><div class="value">${v}</div></div>`).join('');
      chart.update(tot.trend.map(p => p.label), [{ name: t('col.spend'), values: tot.trend.map(p => p.spendFen) }]);
      const [dir, key] = s.sort.startsWith('-') ? ['descending', s.sort.slice(1)] : ['ascending', s.sort];
      el.querySelectorAll('th[data-sort]').forEach(th => th.setAttribute('aria-sort', th.dataset.sort === key ? dir : 'none'));
      tbody.innerHTML = data.rows.length ? data.rows.map(rowHtml).join('') : `<tr><td colspan="15" class="empty">${t('common.none')}</td></tr>`;
      el.querySelector('[data-count]').textContent = t('mon.rows', { n: data.total });
      const pages = Math.max(1, Math.ceil(data.total / s.pageSize));
      el.querySelector('[data-pageno]').textContent = `${s.page} / ${pages}`;
      el.querySelector('[data-page="-1"]').disabled = s.page <= 1;
      el.querySelector('[data-page="1"]').disabled = s.page >= pages;
    }

    function rowHtml(r) {
      const used = r.budgetUsedPct;
      return `<tr data-client="${r.clientId}">${COLUMNS.map(c => {
        if (c.key === 'name') return `<td class="text"><span class="name">${fmt.esc(r.name)}</span><br><small class="muted">${fmt.esc(label('industry', r.industry))} · ${fmt.esc(r.pid)}</small></td>`;
        if (c.key === 'budgetUsed') return `<td data-f="budgetUsedPct">${used == null ? '—' : `<span class="bar ${used >= 95 ? 'hot' : ''}"><i style="width:${Math.min(100, used)}%"></i></span> ${used.toFixed(0)}%`}</td>`;
        const f = c.field || c.key;
        return `<td data-f="${f}">${c.f(r[f])}</td>`;
      }).join('')}${PACING.map(c => `<td data-pacing="${c.key}">${r.pacing?.[c.key] == null ? '—' : c.f(r.pacing[c.key])}</td>`).join('')}
        <td>${sparkline(r.sparkline)}</td>
        <td class="text"><button type="button" class="btn link" data-act="qualification">${t('act.qualification')}</button>
        ${ctx.can('QUALIFICATION_EDIT') ? `<button type="button" class="btn link" data-act="edit-qualification">${t('act.editQualification')}</button>` : ''}
        <button type="button" class="btn link" data-act="enter">${t('act.enter')}</button>
        ${ctx.can('CLIENT_OPERATE') ? `<button type="button" class="btn link" data-act="budget">${t('act.budget')}</button>` : ''}
        ${ctx.can('FUNDS_MANAGE') ? `<button type="button" class="btn link" data-act="transfer">${t('act.transfer')}</button>` : ''}
        <button type="button" class="btn link" data-act="data">${t('act.data')}</button>
        ${ctx.can('CLIENTS_MANAGE') ? `<button type="button" class="btn link danger" data-act="terminate">${t('act.terminate')}</button>` : ''}</td></tr>`;
    }

    const reload = () => { s.page = 1; load(); };
    let searchTimer = null;
    form.addEventListener('input', e => {
      const f = e.target;
      if (!f.name) return;
      s[f.name] = f.value;
      el.querySelector('[data-custom]').hidden = s.range !== 'custom';
      if (f.name === 'q') { clearTimeout(searchTimer); searchTimer = setTimeout(reload, 250); } else reload();
    });
    form.addEventListener('submit', e => { e.preventDefault(); reload(); });
    el.querySelectorAll('th[data-sort] button').forEach(b => b.addEventListener('click', () => {
      const key = b.parentElement.dataset.sort;
      s.sort = s.sort === '-' + key ? key : '-' + key;
      reload();
    }));
    el.querySelectorAll('[data-page]').forEach(b => b.addEventListener('click', () => { s.page += Number(b.dataset.page); load(); }));
    // Download (MT3 → X1): an export task with the filters on screen, followed in the task center.
    form.querySelector('[data-act=export]')?.addEventListener('click', async () => {
      const { page, pageSize, ...filters } = query();
      const task = await ctx.dialog({
        title: t('task.download'),
        fields: [{ name: 'format', type: 'radio', label: t('task.format'), value: 'csv', options: [{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel (XLSX)' }] }],
        submitLabel: t('task.download'),
        onSubmit: v => api.post('exports', { kind: 'monitor', format: v.format, filters }),
      });
      if (!task) return;
      ctx.toast(t('task.started'));
      ctx.navigate('tasks', { id: task.id });
    });

    tbody.addEventListener('click', async e => {
      const b = e.target.closest('button[data-act]');
      const tr = e.target.closest('tr[data-client]');
      if (!b || !tr) return;
      const row = data.rows.find(r => String(r.clientId) === tr.dataset.client);
      const act = b.dataset.act;
      if (act === 'qualification') return showQualification(ctx, row);
      if (act === 'edit-qualification') return editQualification(ctx, row);
      if (act === 'enter') return ctx.actAs(row.clientId).catch(err => ctx.toast(err.message, 'error'));
      if (act === 'data') return ctx.navigate('data', { client: row.clientId });
      if (act === 'budget') return editBudget(row, tr);
      if (act === 'transfer') return transfer(row);
      if (act === 'terminate') return terminate(row);
    });

    async function editBudget(row, tr) {
      const saved = await ctx.dialog({
        title: t('dlg.budgetTitle', { name: row.name }),
        fields: [{ name: 'dailyBudgetFen', label: t('dlg.budgetYuan'), value: fmt.fenToYuanInput(row.dailyBudgetFen), inputmode: 'decimal' }],
        onSubmit: async (v, setError) => {
          const fen = fmt.yuanToFen(v.dailyBudgetFen);
          if (fen === null) { setError('dailyBudgetFen', t('dlg.invalidAmount')); return false; }
          const r = await api.put(`clients/${row.clientId}/daily-budget`, { dailyBudgetFen: fen });
          return { ...(r || {}), dailyBudgetFen: fen };
        },
      });
      if (!saved) return;
      row.dailyBudgetFen = saved.dailyBudgetFen;
      if (saved.budgetUsedPct !== undefined) row.budgetUsedPct = saved.budgetUsedPct;
      const cell = tr.querySelector('[data-f=dailyBudgetFen]');
      cell.textContent = fmt.money(row.dailyBudgetFen);
      flash(cell);
      ctx.toast(t('dlg.saved'));
    }

    async function transfer(row) {
      const key = idempotencyKey();
      const done = await ctx.dialog({
        title: t('dlg.transferTitle', { name: row.name }),
        fields: [
          { name: 'direction', type: 'radio', label: t('act.transfer'), value: 'in', options: [{ value: 'in', label: t('dlg.in') }, { value: 'out', label: t('dlg.out') }] },
          { name: 'amountFen', label: t('dlg.amountYuan'), inputmode: 'decimal' },
        ],
        onSubmit: async (v, setError) => {
          const fen = fmt.yuanToFen(v.amountFen);
          if (fen === null || fen === 0) { setError('amountFen', t('dlg.invalidAmount')); return false; }
          return api.post(`clients/${row.clientId}/transfers`, { direction: v.direction, amountFen: fen }, { headers: { 'Idempotency-Key': key } });
        },
      });
      if (done) { ctx.toast(t('dlg.saved')); load(); }
    }

    async function terminate(row) {
      if (!await ctx.confirmDialog(t('dlg.terminateTitle', { name: row.name }), t('dlg.terminateBody'), t('act.terminate'))) return;
      try {
        await api.post(`clients/${row.clientId}/terminate`, {});
        ctx.toast(t('dlg.saved'));
        load();
      } catch (e) { ctx.toast(e instanceof ApiError && (e.status === 404 || e.status === 501) ? t('dlg.unavailable') : e.message, 'error'); }
    }

    const refresh = throttled(load, 3000);
    const offs = [
      live.on('counters', m => {
        if (!data || !m.counters) return;
        const row = data.rows.find(r => r.clientId === m.clientId);
        if (!row) return;
        if (s.range === 'today' && !s.mode) {
          for (const k of ['balanceFen', 'dailyBudgetFen', 'spendFen', 'impressions', 'clicks', 'conversions', 'budgetUsedPct']) if (m.counters[k] !== undefined) row[k] = m.counters[k];
          applyCounters(tbody, m.clientId, m.counters, ['balanceFen', 'dailyBudgetFen', 'spendFen', 'impressions', 'clicks', 'conversions']);
        } else {
          for (const k of ['balanceFen', 'dailyBudgetFen']) if (m.counters[k] !== undefined) row[k] = m.counters[k];
          applyCounters(tbody, m.clientId, m.counters, ['balanceFen', 'dailyBudgetFen']);
        }
        if (s.range === 'today' || s.range === '7d' || s.range === '30d') refresh();
      }),
      live.on('resync', () => load()),
    ];
    await load();
    if (params.qualification) showQualification(ctx, { clientId: Number(params.qualification) });
    return () => { offs.forEach(off => off()); chart.dispose(); };
  },
});
