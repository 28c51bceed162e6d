// Mobile page (phone viewport): balances, budgets and today's spend of the clients the user can see,
// searchable and live; also where a signed-in phone confirms a desktop QR login (#/mobile?qr=<ticket>).
import { registerPage } from '../app.js';
import { t } from '../i18n.js';
import * as fmt from '../format.js';
import { flash } from '../widgets.js';

registerPage('mobile', {
  title: { 'zh-CN': '余额与预算', en: 'Balances & budgets' },
  nav: true,
  order: 90,
  capability: 'CLIENTS_VIEW',
  async render(el, ctx) {
    const { api, live, params } = ctx;
    el.innerHTML = `${params.qr ? `<section class="card" data-qr><h2>${t('mobile.confirmQr')}</h2>
        <button type="button" class="btn primary" data-act="confirm">${t('mobile.confirm')}</button><p class="qr-status" role="status"></p></section>` : ''}
      <h1>${t('mobile.title')}</h1>
      <label class="sr-only" for="m-search">${t('mobile.search')}</label>
      <input id="m-search" type="search" placeholder="${t('mobile.search')}" autocomplete="off">
      <ul class="mcards" data-testid="mobile-list"></ul>`;
    el.querySelector('[data-act=confirm]')?.addEventListener('click', async () => {
      const status = el.querySelector('.qr-status');
      try {
        await api.post(`auth/qr-tickets/${encodeURIComponent(params.qr)}/confirm`, {});
        status.textContent = t('mobile.confirmed');
        el.querySelector('[data-act=confirm]').disabled = true;
      } catch (e) { status.textContent = e.message; }
    });
    const list = el.querySelector('.mcards');
    let q = '';
    async function load() {
      const r = await api.get('monitor/clients', { range: 'today', q, sort: '-spend', pageSize: 100 });
      list.innerHTML = r.rows.map(c => `<li class="mcard" data-client="${c.clientId}"><div class="name">${fmt.esc(c.name)}</div>
        <dl><dt>${t('col.balance')}</dt><dd data-f="balanceFen">${fmt.money(c.balanceFen)}</dd>
        <dt>${t('col.budget')}</dt><dd data-f="dailyBudgetFen">${fmt.money(c.dailyBudgetFen)}</dd>
        <dt>${t('col.spend')}</dt><dd data-f="spendFen">${fmt.money(c.spendFen)}</dd>
        <dt>${t('col.budgetUsed')}</dt><dd data-f="budgetUsedPct">${c.budgetUsedPct == null ? '—' : c.budgetUsedPct.toFixed(0) + '%'}</dd></dl></li>`).join('')
        || `<li class="empty">${t('common.none')}</li>`;
    }
    let timer = null;
    el.querySelector('#m-search').addEventListener('input', e => { q = e.target.value.trim(); clearTimeout(timer); timer = setTimeout(load, 250); });
    await load();
    const off = live.on('counters', m => {
      const card = list.querySelector(`[data-client="${m.clientId}"]`);
      if (!card || !m.counters) return;
      for (const f of ['balanceFen', 'dailyBudgetFen', 'spendFen']) {
        const dd = card.querySelector(`[data-f=${f}]`);
        if (m.counters[f] !== undefined && dd.textContent !== fmt.money(m.counters[f])) { dd.textContent = fmt.money(m.counters[f]); flash(dd); }
      }
    });
    return off;
  },
});
