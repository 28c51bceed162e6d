// Ticket center — 工单中心 (T1–T7): new ticket (category rule: changing it clears the content),
// the three lists (mine, to handle = returned, all of the agency), detail with the progress timeline,
// urge with a countdown when too early, cancel, edit-and-resubmit, satisfaction.
import { registerPage } from '../app.js';
import { api, idempotencyKey, ApiError } from '../api.js';
import { registerMessages, t, currentLang, label } from '../i18n.js';
import * as fmt from '../format.js';
import { picker, clients, dateField } from '../widgets.js';

registerMessages({
  'zh-CN': {
    'tk.title': '工单中心', 'tk.new': '新建工单', 'tk.mine': '我提交的', 'tk.returned': '待我处理', 'tk.all': '全部工单',
    'tk.category': '工单类目', 'tk.cat.delivery_effect': '投放效果', 'tk.cat.delivery_product': '投放产品',
    'tk.cat.product_consultation': '基础产品咨询', 'tk.titleField': '工单标题', 'tk.unitId': '单元ID',
    'tk.from': '问题开始时间', 'tk.to': '问题结束时间', 'tk.impact': '消耗影响量级（元）', 'tk.selfCheck': '自查结果',
    'tk.diagnosis': '查看诊断信息（智能诊断）', 'tk.description': '问题描述（可直接粘贴图片）', 'tk.client': '委托人ID（可选）',
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
    'tk.diagnosis': 'Open the diagnosis tool', 'tk.description': 'Description (paste images here)', 'tk.client': 'Client id (optional)',
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

const CATEGORIES = ['delivery_effect', 'delivery_product', 'product_consultation'];
const STATUSES = ['processing', 'returned', 'completed', 'cancelled'];
const esc = fmt.esc;
/** "YYYY-MM-DD HH:mm" of a date field as an instant; as typed when it is no date (the server names the field). */
const instant = text => {
  const d = new Date(text.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
};

/** "3h 12m" until the ISO time, or '' when it has passed. */
function countdown(iso) {
  const ms = new Date(iso) - Date.now();
  if (ms <= 0) return '';
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = Math.floor((ms % 60000) / 1000);
  return h ? `${h}h ${m}m` : `${m}m ${s}s`;
}

const uploadImage = file => api.upload('tickets/images', file, file.type);

/** Shows images that need the bearer token (an <img src> cannot send it). */
async function showImage(container, url) {
  let image;
  try { image = await api.blob(url); } catch { return; }
  const img = document.createElement('img');
  img.src = URL.createObjectURL(image);
  img.alt = t('tk.images');
  img.style.maxWidth = '240px';
  container.appendChild(img);
}

registerPage('tickets', {
  title: { 'zh-CN': '工单中心', en: 'Tickets' },
  nav: true,
  order: 70,
  capability: 'TICKETS_SUBMIT',
  async render(el, ctx) {
    const { api, can, toast, confirmDialog } = ctx;
    let timer = null;
    let view = 0;   // each screen bumps it; a slow response for an older screen is dropped
    const stop = () => { if (timer) clearInterval(timer); timer = null; };

    async function list(scope = 'mine', page = 1, filters = {}) {
      stop();
      const mine = ++view;
      const tabs = ['mine', 'returned'].concat(can('TICKETS_ALL') ? ['all'] : []);
      el.innerHTML = `<h1>${t('tk.title')}</h1>
        <div class="toolbar"><button class="btn primary" data-act="new">${t('tk.new')}</button></div>
        <nav class="tabs" role="tablist">${tabs.map(s => `<button role="tab" class="btn ${s === scope ? 'primary' : 'ghost'}" aria-selected="${s === scope}" data-scope="${s}">${t('tk.' + s)}</button>`).join('')}</nav>
        <form class="toolbar filters">
          <input name="id" type="number" min="1" placeholder="${t('tk.id')}" value="${esc(filters.id || '')}">
          ${scope === 'returned' ? '' : `<select name="status"><option value="">${t('tk.status')}</option>${STATUSES.map(s => `<option value="${s}" ${filters.status === s ? 'selected' : ''}>${t('tk.st.' + s)}</option>`).join('')}</select>`}
          <select name="category"><option value="">${t('tk.category')}</option>${CATEGORIES.map(c => `<option value="${c}" ${filters.category === c ? 'selected' : ''}>${t('tk.cat.' + c)}</option>`).join('')}</select>
          <span data-client-slot></span>
          ${dateField({ name: 'from', value: filters.from })} ${dateField({ name: 'to', value: filters.to })}
          ${scope === 'all' ? `<input name="submitter" placeholder="${t('tk.submitter')}" value="${esc(filters.submitter || '')}">` : ''}
          <button class="btn" type="submit">${t('tk.search')}</button></form>
        <div class="table-wrap"><table class="data" data-testid="tickets-table"><thead><tr><th>${t('tk.id')}</th><th>${t('tk.titleField')}</th><th>${t('tk.category')}</th>
          <th>${t('tk.status')}</th><th>${t('tk.submitter')}</th><th>${t('tk.submittedAt')}</th><th>${t('tk.actions')}</th></tr></thead><tbody></tbody></table></div>
        <div class="pager"></div>`;
      el.querySelector('[data-client-slot]').replaceWith(picker({ name: 'clientId', search: clients(api), placeholder: t('tk.client'),
        initial: filters.clientId ? [{ id: filters.clientId, label: filters.clientName || '' }] : [] }));
      el.querySelector('[data-act=new]').addEventListener('click', () => form());
      el.querySelectorAll('[data-scope]').forEach(b => b.addEventListener('click', () => list(b.dataset.scope)));
      el.querySelector('form.filters').addEventListener('submit', e => {
        e.preventDefault();
        list(scope, 1, Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v)));
      });
      const r = await api.get('tickets', { scope, page, pageSize: 20, ...filters });
      if (mine !== view) return;
      const body = el.querySelector('tbody');
      body.innerHTML = r.items.map(tk => `<tr data-id="${tk.id}">
          <td><a href="#/tickets?id=${tk.id}">${tk.id}</a></td><td>${esc(tk.title)}</td><td>${t('tk.cat.' + tk.category)}</td>
          <td><span class="pill state-${tk.status}">${t('tk.st.' + tk.status)}</span></td><td>${esc(tk.submitter.name)}</td><td>${esc(fmt.time(tk.submittedAt))}</td>
          <td>${actions(tk)}</td></tr>`).join('') || `<tr><td colspan="7" class="empty">${t('tk.empty')}</td></tr>`;
      body.addEventListener('click', e => act(e, () => list(scope, page, filters)));
      const pager = el.querySelector('.pager');
      pager.innerHTML = `<span>${t('tk.page', { p: page, n: r.total })}</span>
        <button class="btn ghost" data-p="${page - 1}" ${page <= 1 ? 'disabled' : ''}>${t('tk.prev')}</button>
        <button class="btn ghost" data-p="${page + 1}" ${page * 20 >= r.total ? 'disabled' : ''}>${t('tk.next')}</button>`;
      pager.querySelectorAll('[data-p]').forEach(b => b.addEventListener('click', () => list(scope, Number(b.dataset.p), filters)));
    }

    function actions(tk) {
      const mine = tk.submitter.staffId === ctx.me.staffId;
      const b = (a, label) => `<button class="btn ghost" data-act="${a}" data-id="${tk.id}">${label}</button>`;
      return [
        tk.status === 'processing' ? b('urge', t('tk.urge')) : '',
        ['processing', 'returned'].includes(tk.status) ? b('cancel', t('tk.cancel')) : '',
        tk.status === 'returned' ? b('resubmit', t('tk.resubmit')) : '',
        tk.status === 'completed' && !tk.satisfaction && mine ? b('rate', t('tk.rate')) : '',
      ].join(' ');
    }

    async function act(e, after) {
      const btn = e.target.closest('button[data-act]');
      if (!btn) return;
      const id = btn.dataset.id;
      try {
        if (btn.dataset.act === 'urge') {
          await api.post(`tickets/${id}/urge`, undefined, { headers: { 'Accept-Language': currentLang() } });
          toast(t('tk.urged'));
        } else if (btn.dataset.act === 'cancel') {
          if (!await confirmDialog(t('tk.cancel'), t('tk.cancelConfirm'))) return;
          await api.post(`tickets/${id}/cancel`);
          toast(t('tk.done'));
        } else if (btn.dataset.act === 'resubmit') {
          return form(await api.get(`tickets/${id}`));
        } else if (btn.dataset.act === 'rate') {
          await rate(id);
        }
        after();
      } catch (err) {
        if (err instanceof ApiError && err.problem.retryAt) {
          const left = countdown(err.problem.retryAt);
          toast(`${err.message} — ${t('tk.urgeIn', { t: left })}`, 'error');
          const note = document.createElement('span');
          note.className = 'muted urge-countdown';
          note.dataset.testid = 'urge-countdown';
          note.textContent = t('tk.urgeIn', { t: left });
          btn.replaceWith(note);
          timer = timer || setInterval(() => el.querySelectorAll('.urge-countdown').forEach(n => {
            n.textContent = t('tk.urgeIn', { t: countdown(err.problem.retryAt) || '0s' });
          }), 1000);
        } else toast(err.message, 'error');
      }
    }

    async function rate(id) {
      await ctx.dialog({
        title: t('tk.rate'),
        fields: [{ name: 'result', type: 'radio', label: t('tk.rate'), value: 'solved',
          options: [{ value: 'solved', label: t('tk.solved') }, { value: 'unsolved', label: t('tk.unsolved') }] },
          { name: 'reason', label: t('tk.reason') }],
        onSubmit: v => api.post(`tickets/${id}/satisfaction`, { result: v.result, ...(v.reason ? { reason: v.reason } : {}) }),
      });
    }

    async function detail(id) {
      stop();
      const mine = ++view;
      const tk = await api.get(`tickets/${id}`);
      if (mine !== view) return;
      el.innerHTML = `<p><a href="#/tickets">${t('tk.back')}</a></p>
        <h1>#${tk.id} ${esc(tk.title)} <span class="pill state-${tk.status}" data-testid="ticket-status">${t('tk.st.' + tk.status)}</span></h1>
        <section class="card"><dl class="grid">
          <dt>${t('tk.category')}</dt><dd>${t('tk.cat.' + tk.category)}</dd><dt>${t('tk.unitId')}</dt><dd>${esc(tk.unitId || '—')}</dd>
          <dt>${t('tk.from')}</dt><dd>${esc(fmt.time(tk.occurredFrom))} – ${esc(fmt.time(tk.occurredTo))}</dd>
          <dt>${t('tk.impact')}</dt><dd>${tk.spendImpactFen == null ? '—' : fmt.money(tk.spendImpactFen)}</dd>
          <dt>${t('tk.selfCheck')}</dt><dd>${esc(tk.selfCheckResult)}</dd>
          <dt>${t('tk.description')}</dt><dd style="white-space:pre-wrap">${esc(tk.description)}</dd>
          ${tk.returnReason ? `<dt>${t('tk.returnReason')}</dt><dd>${esc(tk.returnReason)}</dd>` : ''}
        </dl><div class="images"></div><div class="toolbar">${actions(tk)}</div></section>
        <section class="card"><h2>${t('tk.timeline')}</h2><ol class="feed" data-testid="ticket-timeline">${tk.timeline.map(e =>
          `<li><time>${esc(fmt.time(e.at))}</time> <b>${t('tk.ev.' + e.kind)}</b> ${esc(e.staffName || (e.actor === 'operator' ? t('tk.support') : ''))}
           ${e.note ? `<div class="muted">${esc(e.note)}</div>` : ''}</li>`).join('')}</ol></section>`;
      tk.images.forEach(i => showImage(el.querySelector('.images'), i.url));
      el.querySelector('.toolbar').addEventListener('click', e => act(e, () => detail(id)));
    }

    /** New ticket, or edit-and-resubmit of a returned one. */
    function form(existing) {
      stop();
      view++;
      const images = [];
      const key = idempotencyKey();
      let category = existing ? existing.category : CATEGORIES[0];
      el.innerHTML = `<h1>${existing ? t('tk.resubmit') + ' #' + existing.id : t('tk.new')}</h1>
        <form class="card ticket-form" novalidate>
          <label>${t('tk.category')} <select name="category">${CATEGORIES.map(c => `<option value="${c}" ${c === category ? 'selected' : ''}>${t('tk.cat.' + c)}</option>`).join('')}</select></label>
          <label>${t('tk.titleField')} <input name="title" required maxlength="100"></label>
          <fieldset class="content">
            <div class="field"><span>${t('tk.client')}</span><span data-client-slot></span></div>
            <label>${t('tk.unitId')} <input name="unitId" maxlength="64"></label>
            <label>${t('tk.from')} ${dateField({ name: 'occurredFrom', time: true })}</label>
            <label>${t('tk.to')} ${dateField({ name: 'occurredTo', time: true })}</label>
            <label>${t('tk.impact')} <input name="spendImpact" inputmode="decimal"></label>
            <label>${t('tk.selfCheck')} <a href="#/monitor" target="_blank">${t('tk.diagnosis')}</a> <textarea name="selfCheckResult" rows="2"></textarea></label>
            <label>${t('tk.description')} <textarea name="description" rows="6"></textarea></label>
            <div class="images muted"></div>
          </fieldset>
          <p class="form-error error" role="alert"></p>
          <div class="actions"><button type="button" class="btn ghost" data-act="back">${t('tk.back')}</button>
            <button type="submit" class="btn primary">${existing ? t('tk.resubmit') : t('tk.submit')}</button></div></form>`;
      const f = el.querySelector('form');
      el.querySelector('[data-client-slot]').replaceWith(picker({ name: 'clientId', search: clients(api), placeholder: t('tk.client'),
        initial: existing && existing.clientId ? [{ id: existing.clientId, label: existing.clientName || '' }] : [] }));
      const fill = tk => {
        f.title.value = tk.title || '';
        f.unitId.value = tk.unitId || '';
        f.spendImpact.value = tk.spendImpactFen == null ? '' : fmt.fenToYuanInput(tk.spendImpactFen);
        f.selfCheckResult.value = tk.selfCheckResult || '';
        f.description.value = tk.description || '';
      };
      if (existing) fill(existing);
      f.category.addEventListener('change', async () => {
        const wrote = [...f.querySelectorAll('.content input, .content textarea')].some(i => i.value) || images.length;
        if (wrote && !await confirmDialog(t('tk.category'), t('tk.clearConfirm'))) { f.category.value = category; return; }
        category = f.category.value;
        f.querySelectorAll('.content input, .content textarea').forEach(i => { i.value = ''; });
        images.length = 0;
        f.querySelector('.images').innerHTML = '';
      });
      f.description.addEventListener('paste', async e => {
        const files = [...(e.clipboardData?.files || [])].filter(x => x.type.startsWith('image/'));
        if (!files.length) return;
        e.preventDefault();
        for (const file of files) {
          try {
            f.querySelector('.images').textContent = t('tk.uploading');
            const up = await uploadImage(file);
            images.push(up.id);
            f.querySelector('.images').textContent = '';
            await showImage(f.querySelector('.images'), up.url);
          } catch (err) { toast(err.message, 'error'); }
        }
      });
      f.querySelector('[data-act=back]').addEventListener('click', () => list());
      f.addEventListener('submit', async e => {
        e.preventDefault();
        f.querySelectorAll('.field-error').forEach(x => x.remove());
        const v = Object.fromEntries(new FormData(f).entries());
        const body = { category: v.category, title: v.title, selfCheckResult: v.selfCheckResult, description: v.description };
        if (v.clientId) body.clientId = Number(v.clientId);
        if (v.unitId) body.unitId = v.unitId;
        if (v.occurredFrom) body.occurredFrom = instant(v.occurredFrom);
        if (v.occurredTo) body.occurredTo = instant(v.occurredTo);
        if (v.spendImpact) body.spendImpactFen = fmt.yuanToFen(v.spendImpact);
        if (images.length) body.imageIds = images;
        try {
          const tk = existing
            ? await api.post(`tickets/${existing.id}/resubmit`, body)
            : await api.post('tickets', body, { headers: { 'Idempotency-Key': key } });
          toast(t('tk.done'));
          ctx.navigate('tickets', { id: tk.id });
        } catch (err) {
          f.querySelector('.form-error').textContent = err.message;
          (err.errors || []).forEach(x => {
            const input = f.querySelector(`[name="${(x.field || '').split('.').pop()}"]`);
            if (!input) return;
            const p = document.createElement('p');
            p.className = 'field-error';
            p.textContent = x.message;
            input.after(p);
          });
        }
      });
    }

    if (ctx.params.id) await detail(ctx.params.id); else await list(ctx.params.scope || 'mine');
    return stop;
  },
});
