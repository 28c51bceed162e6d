// Client lead forms — 客户留资: the lead forms submitted to the ads of clients that granted the agency
// access to their lead data (资产授权 · 留资数据), newest first, reached from the leads page (线索).
import { registerPage } from '../app.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';

registerMessages({
  'zh-CN': { 'cl.title': '客户留资', 'cl.hint': '仅展示已授权「留资数据获取」的客户的留资', 'cl.client': '客户', 'cl.contact': '联系人',
    'cl.phone': '电话', 'cl.form': '表单', 'cl.message': '留言', 'cl.at': '提交时间', 'cl.back': '返回线索' },
  en: { 'cl.title': 'Client lead forms', 'cl.hint': 'Only clients that granted access to their lead data', 'cl.client': 'Client', 'cl.contact': 'Contact',
    'cl.phone': 'Phone', 'cl.form': 'Form', 'cl.message': 'Message', 'cl.at': 'Submitted', 'cl.back': 'Back to leads' },
});

registerPage('client-leads', {
  title: { 'zh-CN': '客户留资', en: 'Client lead forms' },
  capability: 'LEADS_OWN',
  async render(el, ctx) {
    let page = 1;
    el.innerHTML = `<h1>${t('cl.title')}</h1><p class="muted">${t('cl.hint')} · <a href="#/leads">${t('cl.back')}</a></p>
      <div class="table-wrap"><table class="data" data-testid="client-leads"><thead><tr><th>${t('cl.client')}</th><th class="text">${t('cl.contact')}</th>
        <th class="text">${t('cl.phone')}</th><th class="text">${t('cl.form')}</th><th class="text">${t('cl.message')}</th><th>${t('cl.at')}</th></tr></thead>
        <tbody></tbody></table></div><p class="pager"></p>`;
    async function load() {
      const r = await ctx.api.get('client-leads', { clientId: ctx.params.clientId, page, pageSize: 20 });
      el.querySelector('tbody').innerHTML = r.items.map(l => `<tr><td>${fmt.esc(l.clientName)}</td><td class="text">${fmt.esc(l.contactName)}</td>
        <td class="text">${fmt.esc(l.phone)}</td><td class="text">${fmt.esc(l.form)}</td><td class="text">${fmt.esc(l.message || '')}</td>
        <td>${fmt.time(l.submittedAt)}</td></tr>`).join('') || `<tr><td colspan="6" class="empty">${t('common.none')}</td></tr>`;
      const pager = el.querySelector('.pager');
      pager.innerHTML = `${t('mon.rows', { n: r.total })} <button class="btn ghost" data-p="-1" ${page <= 1 ? 'disabled' : ''}>${t('mon.prev')}</button>
        <button class="btn ghost" data-p="1" ${page * 20 >= r.total ? 'disabled' : ''}>${t('mon.next')}</button>`;
      pager.querySelectorAll('[data-p]').forEach(b => b.addEventListener('click', () => { page += Number(b.dataset.p); load(); }));
    }
    await load();
    return ctx.live.on('notice', m => { if (m.notice?.kind === 'authorization') load(); });
  },
});
