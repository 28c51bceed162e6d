// The leads page's rows and the dialogs of their actions: assign (people picker), follow-up (state,
// private contact or intent, notes), outbound call, link a company to an "unknown" lead, convert.
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { people } from '../../widgets.js';

const esc = fmt.esc;
const OPEN = ['pending', 'following', 'valid', 'invalid'];
const opts = (prefix, values) => values.map(v => ({ value: v, label: t(prefix + v) }));

/** One lead or opportunity row with the actions its viewer may take. */
export function rowHtml(x, { kind, me, all }) {
  const mine = x.follower && x.follower.staffId === me.staffId;
  const open = OPEN.includes(x.state);
  const b = (a, label) => `<button class="btn ghost" data-act="${a}" data-id="${x.id}">${label}</button>`;
  const phone = kind === 'leads' ? x.phone : x.contact?.phone;
  return `<tr data-id="${x.id}"><td><a href="#/lead?kind=${kind}&id=${x.id}" data-testid="detail-link">${esc(x.name)}</a>${x.conversionRequired ? ` <span class="badge">${t('ld.mustConvert')}</span>` : ''}
      ${kind === 'opportunities' ? `<div class="muted">${esc(x.company?.name)} · ${t('ld.intent')}: ${t('ld.pri.' + x.intentLevel)}</div>` : ''}</td>
    <td>${t('ld.type.' + x.type)}</td><td>${t('ld.pri.' + x.priority)}</td><td><span class="pill state-${x.state}">${t('ld.st.' + x.state)}</span></td>
    <td>${esc(x.follower?.name || '—')}</td><td>${esc(phone || '')}</td><td>${esc(fmt.time(x.importedAt || x.createdAt))}</td>
    <td>${[
      all && open ? b('assign', t('ld.assign')) : '',
      mine && open ? b('follow', t('ld.followUp')) : '',
      mine && open ? b('call', t('ld.call')) : '',
      kind === 'leads' && x.unknown && open && (mine || all) ? b('link', t('ld.link')) : '',
      kind === 'leads' && mine && x.privateContact && ['pending', 'following', 'valid'].includes(x.state) ? b('convert', t('ld.convert')) : '',
    ].join(' ')}</td></tr>`;
}

/** The dialog of a row action (assign, follow, call, link, convert) on the lead or opportunity `id`. */
export function actionForm(api, kind, act, id) {
  const base = `${kind}/${id}`;
  const forms = {
    assign: { title: t('ld.assign'), fields: [{ name: 'staffId', label: t('ld.follower'), type: 'picker', search: people(api) }],
      send: v => api.post(base + '/assign', { staffId: Number(v.staffId) }) },
    follow: kind === 'leads'
      ? { title: t('ld.followUp'), fields: [
          { name: 'state', type: 'radio', label: t('ld.state'), value: 'following', options: opts('ld.st.', ['following', 'valid', 'invalid']) },
          { name: 'privateContact', type: 'radio', label: t('ld.private'), value: 'false', options: [{ value: 'true', label: t('ld.yes') }, { value: 'false', label: t('ld.no') }] },
          { name: 'note', label: t('ld.note') }],
        send: v => api.post(base + '/follow-ups', { state: v.state, privateContact: v.privateContact === 'true', ...(v.note ? { note: v.note } : {}) }) }
      : { title: t('ld.followUp'), fields: [
          { name: 'state', type: 'radio', label: t('ld.state'), value: 'following', options: opts('ld.st.', ['following', 'valid', 'invalid', 'completed']) },
          { name: 'intentLevel', type: 'radio', label: t('ld.intent'), value: 'medium', options: opts('ld.pri.', ['high', 'medium', 'low']) },
          { name: 'concerns', label: t('ld.concerns') }, { name: 'expectedOpenDate', label: t('ld.openDate'), type: 'date' },
          { name: 'expectedBudget', label: t('ld.budget'), inputmode: 'decimal' }, { name: 'note', label: t('ld.note') }],
        send: v => api.post(base + '/follow-ups', { state: v.state, intentLevel: v.intentLevel, ...(v.concerns ? { concerns: v.concerns } : {}),
          ...(v.expectedOpenDate ? { expectedOpenDate: v.expectedOpenDate } : {}),
          ...(v.expectedBudget ? { expectedBudgetFen: fmt.yuanToFen(v.expectedBudget) } : {}), ...(v.note ? { note: v.note } : {}) }) },
    call: { title: t('ld.call'), fields: [
        { name: 'outcome', type: 'radio', label: t('ld.outcome'), value: 'connected', options: opts('ld.out.', ['connected', 'no_answer', 'busy', 'rejected']) },
        { name: 'durationSeconds', label: t('ld.duration'), type: 'number', value: '0' }, { name: 'note', label: t('ld.note') }],
      send: v => api.post(base + '/calls', { outcome: v.outcome, durationSeconds: Number(v.durationSeconds || 0), ...(v.note ? { note: v.note } : {}) }) },
    link: { title: t('ld.link'), fields: [{ name: 'companyName', label: t('ld.company') }, { name: 'creditCode', label: t('ld.creditCode') }],
      send: v => api.post(base + '/company', { companyName: v.companyName, ...(v.creditCode ? { creditCode: v.creditCode } : {}) }) },
    convert: { title: t('ld.convert'), fields: [
        { name: 'intentLevel', type: 'radio', label: t('ld.intent'), value: 'high', options: opts('ld.pri.', ['high', 'medium', 'low']) },
        { name: 'companyName', label: t('ld.company') }, { name: 'contactName', label: t('ld.contact') },
        { name: 'contactWechat', label: t('ld.wechat') }, { name: 'concerns', label: t('ld.concerns') },
        { name: 'expectedOpenDate', label: t('ld.openDate'), type: 'date' }, { name: 'expectedBudget', label: t('ld.budget'), inputmode: 'decimal' }],
      send: v => api.post(base + '/convert', Object.fromEntries(Object.entries({
        intentLevel: v.intentLevel, companyName: v.companyName, contactName: v.contactName, contactWechat: v.contactWechat,
        concerns: v.concerns, expectedOpenDate: v.expectedOpenDate,
        expectedBudgetFen: v.expectedBudget ? fmt.yuanToFen(v.expectedBudget) : undefined }).filter(([, x]) => x !== undefined && x !== ''))) },
  };
  return forms[act];
}
