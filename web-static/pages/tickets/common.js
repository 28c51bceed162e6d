// What the ticket screens share: categories and statuses, the action buttons of a ticket and what they
// do (urge with a countdown when too early, cancel, resubmit, satisfaction), and images behind the token.
import { api, ApiError } from '../../api.js';
import { t, currentLang } from '../../i18n.js';

export const CATEGORIES = ['delivery_effect', 'delivery_product', 'product_consultation'];
export const STATUSES = ['processing', 'returned', 'completed', 'cancelled'];

/** "3h 12m" until the ISO time, or '' when it has passed. */
function countdown(iso) {
  const ms = new Date(iso) - Date.now();
  if (ms <= 0) return '';
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = Math.floor((ms % 60000) / 1000);
  return h ? `${h}h ${m}m` : `${m}m ${s}s`;
}

export const uploadImage = file => api.upload('tickets/images', file, file.type);

/** Shows images that need the bearer token (an <img src> cannot send it). */
export async function showImage(container, url) {
  let image;
  try { image = await api.blob(url); } catch { return; }
  const img = document.createElement('img');
  img.src = URL.createObjectURL(image);
  img.alt = t('tk.images');
  container.appendChild(img);
}

/** The buttons a ticket offers its viewer. */
export function actions(tk, me) {
  const mine = tk.submitter.staffId === me.staffId;
  const b = (a, text) => `<button class="btn ghost" data-act="${a}" data-id="${tk.id}">${text}</button>`;
  return [
    tk.status === 'processing' ? b('urge', t('tk.urge')) : '',
    ['processing', 'returned'].includes(tk.status) ? b('cancel', t('tk.cancel')) : '',
    tk.status === 'returned' ? b('resubmit', t('tk.resubmit')) : '',
    tk.status === 'completed' && !tk.satisfaction && mine ? b('rate', t('tk.rate')) : '',
  ].join(' ');
}

/** Runs the action of a clicked button, then `after()`; too early an urge shows a countdown in its place. */
export async function act(ui, e, after) {
  const { ctx, screen, el } = ui;
  const btn = e.target.closest('button[data-act]');
  if (!btn) return;
  const id = btn.dataset.id;
  try {
    if (btn.dataset.act === 'urge') {
      await api.post(`tickets/${id}/urge`, undefined, { headers: { 'Accept-Language': currentLang() } });
      ctx.toast(t('tk.urged'));
    } else if (btn.dataset.act === 'cancel') {
      if (!await ctx.confirmDialog(t('tk.cancel'), t('tk.cancelConfirm'))) return;
      await api.post(`tickets/${id}/cancel`);
      ctx.toast(t('tk.done'));
    } else if (btn.dataset.act === 'resubmit') {
      ui.go.form(await api.get(`tickets/${id}`));
      return;
    } else if (btn.dataset.act === 'rate') {
      await rate(ctx, id);
    }
    after();
  } catch (err) {
    if (!(err instanceof ApiError && err.problem.retryAt)) { ctx.toast(err.message, 'error'); return; }
    const left = countdown(err.problem.retryAt);
    ctx.toast(`${err.message} — ${t('tk.urgeIn', { t: left })}`, 'error');
    const note = document.createElement('span');
    note.className = 'muted urge-countdown';
    note.dataset.testid = 'urge-countdown';
    note.textContent = t('tk.urgeIn', { t: left });
    btn.replaceWith(note);
    screen.timer = screen.timer || setInterval(() => el.querySelectorAll('.urge-countdown').forEach(n => {
      n.textContent = t('tk.urgeIn', { t: countdown(err.problem.retryAt) || '0s' });
    }), 1000);
  }
}

function rate(ctx, id) {
  return ctx.dialog({
    title: t('tk.rate'),
    fields: [{ name: 'result', type: 'radio', label: t('tk.rate'), value: 'solved',
      options: [{ value: 'solved', label: t('tk.solved') }, { value: 'unsolved', label: t('tk.unsolved') }] },
      { name: 'reason', label: t('tk.reason') }],
    onSubmit: v => api.post(`tickets/${id}/satisfaction`, { result: v.result, ...(v.reason ? { reason: v.reason } : {}) }),
  });
}
