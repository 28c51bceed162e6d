// Identity picker: a login with several identities chooses one; "switch account" comes back here.
import { registerPage } from '../app.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { esc } from '../format.js';

registerPage('identities', {
  title: { 'zh-CN': '选择身份', en: 'Choose an identity' },
  public: true,
  layout: 'bare',
  identity: 'any',
  render(el, ctx) {
    let sel = null;
    try { sel = JSON.parse(sessionStorage.getItem('beacon.selection')); } catch { /* none */ }
    if (!sel || !sel.selectionToken) { ctx.navigate('login'); return; }
    el.innerHTML = `<section class="login-box"><h1>${t('ident.title')}</h1>
      <ul class="ident-list">${(sel.identities || []).map(i => `<li><button type="button" class="btn" data-id="${i.id}">
        <strong>${esc(i.name)}</strong><br><small class="muted">${t(i.kind === 'client' ? 'ident.client' : 'ident.agency')}${i.role ? ' · ' + esc(i.role) : ''}</small></button></li>`).join('')}</ul>
      <p class="form-error" role="alert"></p>
      <button type="button" class="btn link" data-act="login">${t('login.title')}</button></section>`;
    el.querySelector('[data-act=login]').addEventListener('click', () => ctx.navigate('login'));
    el.querySelectorAll('[data-id]').forEach(b => b.addEventListener('click', async () => {
      try {
        const tokens = await api.post('auth/identity', { selectionToken: sel.selectionToken, identityId: Number(b.dataset.id) }, { auth: false });
        sessionStorage.removeItem('beacon.selection');
        await ctx.signIn(tokens);
      } catch (e) { el.querySelector('.form-error').textContent = e.message; }
    }));
    el.querySelector('[data-id]')?.focus();
  },
});
