// Agency home — the client barometer (see barometer.js), with its controls.
import { registerPage } from '../app.js';
import { barometer } from '../barometer.js';

registerPage('home', {
  title: { 'zh-CN': '首页', en: 'Home' },
  nav: true,
  order: 10,
  capability: 'CLIENTS_VIEW',
  render: (el, ctx) => barometer(el, ctx, { wall: false }),
});
