// One ticket: its fields, images, actions and the progress timeline.
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { actions, act, showImage } from './common.js';

const esc = fmt.esc;

export async function detailScreen(ui, id) {
  const { el, ctx } = ui;
  const current = ui.screen.next();
  const tk = await api.get(`tickets/${id}`);
  if (!current()) return;
  el.innerHTML = `<p><a href="#/tickets">${t('tk.back')}</a></p>
    <h1>#${tk.id} ${esc(tk.title)} <span class="pill state-${tk.status}" data-testid="ticket-status">${t('tk.st.' + tk.status)}</span></h1>
    <section class="card"><dl class="grid">
      <dt>${t('tk.category')}</dt><dd>${t('tk.cat.' + tk.category)}</dd><dt>${t('tk.unitId')}</dt><dd>${esc(tk.unitId || '—')}</dd>
      <dt>${t('tk.from')}</dt><dd>${esc(fmt.time(tk.occurredFrom))} – ${esc(fmt.time(tk.occurredTo))}</dd>
      <dt>${t('tk.impact')}</dt><dd>${tk.spendImpactFen == null ? '—' : fmt.money(tk.spendImpactFen)}</dd>
      <dt>${t('tk.selfCheck')}</dt><dd>${esc(tk.selfCheckResult)}</dd>
      <dt>${t('tk.description')}</dt><dd class="ticket-description">${esc(tk.description)}</dd>
      ${tk.returnReason ? `<dt>${t('tk.returnReason')}</dt><dd>${esc(tk.returnReason)}</dd>` : ''}
    </dl><div class="images ticket-images"></div><div class="toolbar">${actions(tk, ctx.me)}</div></section>
    <section class="card"><h2>${t('tk.timeline')}</h2><ol class="feed" data-testid="ticket-timeline">${tk.timeline.map(e =>
      `<li><time>${esc(fmt.time(e.at))}</time> <b>${t('tk.ev.' + e.kind)}</b> ${esc(e.staffName || (e.actor === 'operator' ? t('tk.support') : ''))}
       ${e.note ? `<div class="muted">${esc(e.note)}</div>` : ''}</li>`).join('')}</ol></section>`;
  tk.images.forEach(i => showImage(el.querySelector('.images'), i.url));
  el.querySelector('.toolbar').addEventListener('click', e => act(ui, e, () => ui.go.detail(id)));
}
