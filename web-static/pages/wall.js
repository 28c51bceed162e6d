// Wall-board mode for a TV: the barometer full screen, dark, large type, alerts highlighted, a clock and
// a visible live / reconnecting state. The socket reconnects by itself and resumes from its last seq.
import { registerPage } from '../app.js';
import { t, registerMessages } from '../i18n.js';
import { barometer } from '../barometer.js';

registerMessages({ 'zh-CN': { 'wall.share': '分享只读链接' }, en: { 'wall.share': 'Share read-only link' } });

registerPage('wall', {
  title: { 'zh-CN': '大屏', en: 'Wall board' },
  layout: 'bare',
  capability: 'CLIENTS_VIEW',
  async render(el, ctx) {
    document.body.classList.add('wall');
    el.innerHTML = `<div class="wall-head"><h1>${t('wall.title')}</h1>
      <span class="clock" aria-label="clock"></span>
      <span class="live-state" data-testid="live-state" role="status" aria-live="polite"></span>
      <button type="button" class="btn" data-act="fs">${t('wall.fullscreen')}</button>
      ${ctx.can('INTEGRATIONS_MANAGE') ? `<a class="btn" href="#/wallboard-links" data-testid="share-wall">${t('wall.share')}</a>` : ''}
      <a class="btn" href="#/home">${t('wall.exit')}</a></div><div class="wall-body"></div>`;
    const stateEl = el.querySelector('.live-state');
    const showState = () => { stateEl.dataset.state = ctx.live.state; stateEl.textContent = t('live.' + ctx.live.state); };
    showState();
    const offState = ctx.live.on('state', showState);
    const clock = el.querySelector('.clock');
    const tick = () => { clock.textContent = new Date().toLocaleTimeString(undefined, { hour12: false }); };
    tick();
    const timer = setInterval(tick, 1000);
    el.querySelector('[data-act=fs]').addEventListener('click', () => document.documentElement.requestFullscreen?.().catch(() => {}));
    const stop = await barometer(el.querySelector('.wall-body'), ctx, { wall: true });
    return () => { offState(); clearInterval(timer); stop(); document.body.classList.remove('wall'); };
  },
});
