// A page of tabs: a heading, one tab per view, and the open view rendered into the body. Each view is
// async (body, ctx, state) and may return a cleanup; state.tab names the open one and state.reload()
// renders it again (after a change, or when a live message concerns it).
import { t } from './i18n.js';
import { esc } from './format.js';

export async function tabbedPage(el, ctx, { title, label, views, state }) {
  const names = Object.keys(views);
  el.innerHTML = `<h1>${esc(title)}</h1>
    <div class="tabs" role="tablist">${names.map(n => `<button type="button" role="tab" data-tab="${n}" aria-selected="${n === state.tab}">${esc(label(n))}</button>`).join('')}</div>
    <div data-body></div>`;
  const body = el.querySelector('[data-body]');
  let dispose = null;
  state.reload = async () => {
    if (dispose) { dispose(); dispose = null; }
    try {
      const d = await views[state.tab](body, ctx, state);
      dispose = typeof d === 'function' ? d : null;
    } catch (e) {
      body.innerHTML = `<p class="error" role="alert">${esc(t('common.error', { msg: e.message }))}</p>`;
    }
  };
  el.querySelectorAll('[data-tab]').forEach(b => b.addEventListener('click', () => {
    state.tab = b.dataset.tab;
    el.querySelectorAll('[data-tab]').forEach(x => x.setAttribute('aria-selected', String(x === b)));
    state.reload();
  }));
  await state.reload();
  return () => { if (dispose) dispose(); };
}
