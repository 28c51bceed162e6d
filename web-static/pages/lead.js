// Lead and opportunity detail — 线索详情 / 商机详情: the record's fields and its whole history in order —
// import, assignments, follow-ups, outbound calls, conversion — continuing from the lead into its
// opportunity (and back), reached from the leads page. Refreshed when the record changes live.
import { registerPage } from '../app.js';
import { registerMessages, t } from '../i18n.js';
import * as fmt from '../format.js';

registerMessages({
  'zh-CN': {
    'lh.lead': '线索详情', 'lh.opportunity': '商机详情', 'lh.history': '历史记录', 'lh.back': '返回列表', 'lh.contact': '联系人',
    'lh.phone': '电话', 'lh.company': '公司', 'lh.intent': '意愿度', 'lh.concerns': '顾虑点', 'lh.openDate': '预计开户', 'lh.budget': '预计预算',
    'lh.imported': '导入线索', 'lh.assigned': '分配给 {n}', 'lh.assignedBy': '（由 {n} 分配）', 'lh.follow_up': '跟进：{s}', 'lh.call': '电话外呼：{o}，{d} 秒',
    'lh.converted': '转为商机', 'lh.stage.lead': '线索', 'lh.stage.opportunity': '商机', 'lh.privateContact': '已私下建联', 'lh.toOpportunity': '查看商机',
    'lh.toLead': '查看原线索', 'lh.expires': '失效时间', 'lh.empty': '暂无记录',
    'lh.outcome.connected': '已接通', 'lh.outcome.no_answer': '无人接听', 'lh.outcome.busy': '占线', 'lh.outcome.rejected': '拒接',
  },
  en: {
    'lh.lead': 'Lead', 'lh.opportunity': 'Opportunity', 'lh.history': 'History', 'lh.back': 'Back to the list', 'lh.contact': 'Contact',
    'lh.phone': 'Phone', 'lh.company': 'Company', 'lh.intent': 'Intent', 'lh.concerns': 'Concerns', 'lh.openDate': 'Expected opening', 'lh.budget': 'Expected budget',
    'lh.imported': 'Imported', 'lh.assigned': 'Assigned to {n}', 'lh.assignedBy': ' (by {n})', 'lh.follow_up': 'Follow-up: {s}', 'lh.call': 'Call: {o}, {d} s',
    'lh.converted': 'Converted to an opportunity', 'lh.stage.lead': 'Lead', 'lh.stage.opportunity': 'Opportunity', 'lh.privateContact': 'private contact made',
    'lh.toOpportunity': 'Open the opportunity', 'lh.toLead': 'Open the lead', 'lh.expires': 'Expires', 'lh.empty': 'No history yet',
    'lh.outcome.connected': 'connected', 'lh.outcome.no_answer': 'no answer', 'lh.outcome.busy': 'busy', 'lh.outcome.rejected': 'rejected',
  },
});

const esc = fmt.esc;

function entry(h) {
  const d = h.details || {};
  const text = {
    imported: () => t('lh.imported'),
    assigned: () => t('lh.assigned', { n: h.staffName || '—' }) + (h.byStaffName ? t('lh.assignedBy', { n: h.byStaffName }) : ''),
    follow_up: () => t('lh.follow_up', { s: t('ld.st.' + h.state) }) + (h.privateContact ? ' · ' + t('lh.privateContact') : '')
      + (d.intentLevel ? ' · ' + t('lh.intent') + ' ' + t('ld.pri.' + d.intentLevel) : ''),
    call: () => t('lh.call', { o: t('lh.outcome.' + h.outcome), d: h.durationSeconds }),
    converted: () => t('lh.converted'),
  }[h.kind];
  return `<li data-kind="${h.kind}"><time>${fmt.time(h.at)}</time><span class="badge stage">${t('lh.stage.' + h.stage)}</span>
    <span><strong>${esc(text ? text() : h.kind)}</strong>${h.kind !== 'assigned' && h.staffName ? ' · ' + esc(h.staffName) : ''}</span>
    ${h.note ? `<p>${esc(h.note)}</p>` : ''}</li>`;
}

registerPage('lead', {
  title: { 'zh-CN': '线索详情', en: 'Lead detail' },
  capability: 'LEADS_OWN',
  async render(el, ctx) {
    const kind = ctx.params.kind === 'opportunities' ? 'opportunities' : 'leads';
    const id = Number(ctx.params.id);
    async function load() {
      const r = await ctx.api.get(`${kind}/${id}`);
      const field = (label, v) => `<tr><th class="text">${label}</th><td class="text">${v == null || v === '' ? '—' : v}</td></tr>`;
      const fields = kind === 'leads'
        ? field(t('ld.type'), t('ld.type.' + r.type)) + field(t('ld.priority'), t('ld.pri.' + r.priority)) + field(t('ld.state'), t('ld.st.' + r.state))
          + field(t('ld.follower'), esc(r.follower?.name)) + field(t('lh.contact'), esc(r.contactName)) + field(t('lh.phone'), esc(r.phone))
          + field(t('lh.company'), esc(r.company?.name)) + field(t('lh.expires'), fmt.time(r.expiresAt))
        : field(t('ld.state'), t('ld.st.' + r.state)) + field(t('ld.follower'), esc(r.follower?.name))
          + field(t('lh.intent'), r.intentLevel ? t('ld.pri.' + r.intentLevel) : null) + field(t('lh.concerns'), esc(r.concerns))
          + field(t('lh.openDate'), r.expectedOpenDate) + field(t('lh.budget'), r.expectedBudgetFen == null ? null : fmt.money(r.expectedBudgetFen))
          + field(t('lh.company'), esc(r.company?.name)) + field(t('lh.contact'), esc(r.contact?.name)) + field(t('lh.phone'), esc(r.contact?.phone));
      const other = kind === 'leads' && r.opportunityId ? `<a href="#/lead?kind=opportunities&id=${r.opportunityId}">${t('lh.toOpportunity')}</a>`
        : kind === 'opportunities' ? `<a href="#/lead?kind=leads&id=${r.leadId}">${t('lh.toLead')}</a>` : '';
      el.innerHTML = `<h1>${t(kind === 'leads' ? 'lh.lead' : 'lh.opportunity')} · ${esc(r.name)}</h1>
        <p><a href="#/leads">${t('lh.back')}</a> ${other}</p>
        <div class="grid"><section class="card span-4"><table class="data kv" data-testid="lead-fields"><tbody>${fields}</tbody></table></section>
          <section class="card span-8"><header><h2>${t('lh.history')}</h2></header>
            <ol class="feed timeline" data-testid="lead-history">${r.history.map(entry).join('') || `<li class="empty">${t('lh.empty')}</li>`}</ol></section></div>`;
    }
    await load();
    return ctx.live.on('*', m => {
      if ((m.type || '').startsWith(kind === 'leads' ? 'lead' : 'opportunit') && Number(m.id ?? m.leadId ?? m.opportunityId) === id) load();
    });
  },
});
