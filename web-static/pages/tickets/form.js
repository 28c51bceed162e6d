// A new ticket, or the edit-and-resubmit of a returned one. Changing the category clears what was written
// (after asking); images pasted into the description are uploaded at once.
import { api, idempotencyKey } from '../../api.js';
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { picker, clients, dateField } from '../../widgets.js';
import { CATEGORIES, uploadImage, showImage } from './common.js';

/** "YYYY-MM-DD HH:mm" of a date field as an instant; as typed when it is no date (the server names the field). */
const instant = text => {
  const d = new Date(text.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
};

export function formScreen(ui, existing) {
  const { el, ctx } = ui;
  ui.screen.next();
  const images = [];
  const key = idempotencyKey();
  let category = existing ? existing.category : CATEGORIES[0];
  el.innerHTML = `<h1>${existing ? t('tk.resubmit') + ' #' + existing.id : t('tk.new')}</h1>
    <form class="card ticket-form" novalidate>
      <div class="form-grid">
        <label>${t('tk.category')} <select name="category">${CATEGORIES.map(c => `<option value="${c}" ${c === category ? 'selected' : ''}>${t('tk.cat.' + c)}</option>`).join('')}</select></label>
        <label class="wide">${t('tk.titleField')} <input name="title" required maxlength="100"></label></div>
      <fieldset class="content form-grid">
        <div class="field"><span>${t('tk.client')}</span><span data-client-slot></span></div>
        <label>${t('tk.unitId')} <input name="unitId" maxlength="64"></label>
        <label>${t('tk.from')} ${dateField({ name: 'occurredFrom', time: true })}</label>
        <label>${t('tk.to')} ${dateField({ name: 'occurredTo', time: true })}</label>
        <label>${t('tk.impact')} <input name="spendImpact" inputmode="decimal"></label>
        <label class="wide"><span>${t('tk.selfCheck')} · <a href="#/monitor" target="_blank">${t('tk.diagnosis')}</a></span> <textarea name="selfCheckResult" rows="2"></textarea></label>
        <label class="wide">${t('tk.description')} <textarea name="description" rows="6"></textarea></label>
        <div class="images ticket-images muted wide"></div>
      </fieldset>
      <p class="form-error error" role="alert"></p>
      <div class="actions"><button type="button" class="btn ghost" data-act="back">${t('tk.back')}</button>
        <button type="submit" class="btn primary">${existing ? t('tk.resubmit') : t('tk.submit')}</button></div></form>`;
  const f = el.querySelector('form');
  el.querySelector('[data-client-slot]').replaceWith(picker({ name: 'clientId', search: clients(api), placeholder: t('tk.client'),
    initial: existing && existing.clientId ? [{ id: existing.clientId, label: existing.clientName || '' }] : [] }));
  if (existing) {
    f.title.value = existing.title || '';
    f.unitId.value = existing.unitId || '';
    f.spendImpact.value = existing.spendImpactFen == null ? '' : fmt.fenToYuanInput(existing.spendImpactFen);
    f.selfCheckResult.value = existing.selfCheckResult || '';
    f.description.value = existing.description || '';
  }
  const contentFields = () => f.querySelectorAll('.content input, .content textarea');
  f.category.addEventListener('change', async () => {
    const wrote = [...contentFields()].some(i => i.value) || images.length;
    if (wrote && !await ctx.confirmDialog(t('tk.category'), t('tk.clearConfirm'))) { f.category.value = category; return; }
    category = f.category.value;
    contentFields().forEach(i => { i.value = ''; });
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
      } catch (err) { ctx.toast(err.message, 'error'); }
    }
  });
  f.querySelector('[data-act=back]').addEventListener('click', () => ui.go.list());
  f.addEventListener('submit', async e => {
    e.preventDefault();
    f.querySelectorAll('.field-error').forEach(x => x.remove());
    try {
      const body = ticketBody(Object.fromEntries(new FormData(f).entries()), images);
      const tk = existing
        ? await api.post(`tickets/${existing.id}/resubmit`, body)
        : await api.post('tickets', body, { headers: { 'Idempotency-Key': key } });
      ctx.toast(t('tk.done'));
      ctx.navigate('tickets', { id: tk.id });
    } catch (err) { showErrors(f, err); }
  });
}

function ticketBody(v, images) {
  const body = { category: v.category, title: v.title, selfCheckResult: v.selfCheckResult, description: v.description };
  if (v.clientId) body.clientId = Number(v.clientId);
  if (v.unitId) body.unitId = v.unitId;
  if (v.occurredFrom) body.occurredFrom = instant(v.occurredFrom);
  if (v.occurredTo) body.occurredTo = instant(v.occurredTo);
  if (v.spendImpact) body.spendImpactFen = fmt.yuanToFen(v.spendImpact);
  if (images.length) body.imageIds = images;
  return body;
}

/** The server's message on the form, and each field's under its input. */
function showErrors(f, err) {
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
