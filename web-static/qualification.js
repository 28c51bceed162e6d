// Client qualification (资质, MT4): the "qualification details" drawer (state, latest and approved
// versions, documents, review history) and the "edit qualification" form (checked as typed, server
// errors shown at their fields; saving makes a new version pending review).
import { ApiError } from './api.js';
import { t } from './i18n.js';
import * as fmt from './format.js';
import { dateField } from './widgets.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Why a unified social credit code (GB 32100) is invalid, or null; the server checks the same. */
export function creditCodeProblem(code) {
  const c = (code || '').trim().toUpperCase();
  if (c.length !== 18) return t('qual.err.codeLength');
  for (const ch of c) if (!ALPHABET.includes(ch)) return t('qual.err.codeChar', { ch });
  const sum = [...c.slice(0, 17)].reduce((s, ch, i) => s + ALPHABET.indexOf(ch) * WEIGHTS[i], 0);
  return c[17] === ALPHABET[(31 - sum % 31) % 31] ? null : t('qual.err.codeCheck');
}

function modal(cls, html) {
  const d = document.createElement('dialog');
  d.className = 'modal ' + cls;
  d.innerHTML = html;
  document.body.appendChild(d);
  return d;
}

const stateBadge = s => `<span class="qual-state qual-${s}" data-testid="qual-state">${fmt.esc(t('qual.state.' + s))}</span>`;
const day = d => d ? fmt.esc(d) : t('qual.longTerm');

function versionHtml(v) {
  const docs = v.documents.length ? `<table class="data qual-docs"><thead><tr><th class="text">${t('qual.docName')}</th>
      <th class="text">${t('qual.docNumber')}</th><th class="text">${t('qual.docValidUntil')}</th></tr></thead><tbody>
      ${v.documents.map(d => `<tr><td class="text">${fmt.esc(d.name)}</td><td class="text">${fmt.esc(d.number)}</td><td class="text">${fmt.esc(d.validUntil)}</td></tr>`).join('')}</tbody></table>`
    : `<p class="muted">${t('qual.noDocs')}</p>`;
  return `<dl class="qual-kv">
      <dt>${t('qual.companyName')}</dt><dd>${fmt.esc(v.companyName)}</dd>
      <dt>${t('qual.creditCode')}</dt><dd data-testid="qual-code">${fmt.esc(v.creditCode)}</dd>
      <dt>${t('qual.licenceNumber')}</dt><dd>${fmt.esc(v.licenceNumber)}</dd>
      <dt>${t('qual.licenceValidity')}</dt><dd>${fmt.esc(v.licenceValidFrom)} — ${day(v.licenceValidUntil)}</dd>
      <dt>${t('qual.contact')}</dt><dd>${fmt.esc(v.contactName)} · ${fmt.esc(v.contactPhone)}${v.contactEmail ? ' · ' + fmt.esc(v.contactEmail) : ''}</dd>
    </dl><h3>${t('qual.documents')}</h3>${docs}`;
}

/** The details drawer; resolves 'edit' when the user asks to edit from it. */
export async function showQualification(ctx, row) {
  let q;
  try { q = await ctx.api.get(`clients/${row.clientId}/qualification`); } catch (e) { ctx.toast(e.message, 'error'); return; }
  const cur = q.current;
  const d = modal('drawer qual-drawer', `<h2>${t('qual.detailsTitle', { name: q.clientName })}</h2>
    <p>${t('qual.reviewState')}: ${stateBadge(q.state)}
      ${cur && cur.state === 'rejected' ? `<span class="error" data-testid="qual-reason">${t('qual.rejectedFor')}: ${fmt.esc(cur.rejectReason)}</span>` : ''}</p>
    ${cur ? versionHtml(cur) : `<p class="muted">${t('qual.none')}</p>`}
    ${q.approved && cur && q.approved.id !== cur.id ? `<p class="muted">${t('qual.inEffect', { v: q.approved.version })}</p>` : ''}
    <h3>${t('qual.history')}</h3>
    <ol class="qual-history" data-testid="qual-history">${q.history.map(v => `<li>v${v.version} ${stateBadge(v.state)}
      <small class="muted">${t('qual.submitted')} ${fmt.time(v.submittedAt)}${v.submittedBy ? ' · ' + fmt.esc(v.submittedBy) : ''}
      ${v.reviewedAt ? ' · ' + t('qual.reviewed') + ' ' + fmt.time(v.reviewedAt) : ''}${v.rejectReason ? ' · ' + fmt.esc(v.rejectReason) : ''}</small></li>`).join('')
      || `<li class="muted">${t('common.none')}</li>`}</ol>
    <div class="actions">${ctx.can('QUALIFICATION_EDIT') ? `<button type="button" class="btn" data-edit>${t('act.editQualification')}</button>` : ''}
      <button type="button" class="btn primary" data-close>${t('qual.close')}</button></div>`);
  return new Promise(resolve => {
    const close = v => { d.close(); d.remove(); resolve(v); };
    d.querySelector('[data-close]').addEventListener('click', () => close(null));
    d.querySelector('[data-edit]')?.addEventListener('click', () => close('edit'));
    d.addEventListener('cancel', e => { e.preventDefault(); close(null); });
    d.showModal();
  }).then(v => v === 'edit' ? editQualification(ctx, row) : null);
}

const FIELDS = [
  ['companyName', 'text'], ['creditCode', 'text'], ['licenceNumber', 'text'], ['licenceValidFrom', 'date'],
  ['licenceValidUntil', 'date'], ['contactName', 'text'], ['contactPhone', 'tel'], ['contactEmail', 'email'],
];

function fieldHtml(name, type, value) {
  const input = type === 'date' ? dateField({ name, value, attrs: `aria-describedby="qerr-${name}"` })
    : `<input name="${name}" type="${type}" value="${fmt.esc(value ?? '')}" aria-describedby="qerr-${name}">`;
  return `<label>${t('qual.' + name)}${input}</label>
    <p class="field-error" id="qerr-${name}" data-field="${name}" role="alert"></p>`;
}

function docRow(i, d = {}) {
  return `<fieldset class="qual-doc" data-doc><legend>${t('qual.document')} ${i + 1}</legend>
    <label>${t('qual.docName')}<input data-k="name" value="${fmt.esc(d.name || '')}"></label>
    <label>${t('qual.docNumber')}<input data-k="number" value="${fmt.esc(d.number || '')}"></label>
    <label>${t('qual.docValidUntil')}${dateField({ value: d.validUntil, attrs: 'data-k="validUntil"' })}</label>
    <p class="field-error" data-field="documents.${i}" role="alert"></p>
    <button type="button" class="btn link danger" data-remove>${t('qual.removeDoc')}</button></fieldset>`;
}

/** The edit form, prefilled with the latest version; resolves the saved qualification or null. */
export async function editQualification(ctx, row) {
  let q;
  try { q = await ctx.api.get(`clients/${row.clientId}/qualification`); } catch (e) { ctx.toast(e.message, 'error'); return null; }
  const cur = q.current || { documents: [] };
  const d = modal('drawer qual-form', `<form novalidate><h2>${t('qual.editTitle', { name: q.clientName })}</h2>
    <p class="muted">${t('qual.editHint')}</p>
    ${FIELDS.map(([n, type]) => fieldHtml(n, type, cur[n])).join('')}
    <h3>${t('qual.documents')}</h3><div data-docs>${cur.documents.map((doc, i) => docRow(i, doc)).join('')}</div>
    <button type="button" class="btn link" data-add>${t('qual.addDoc')}</button>
    <p class="form-error" role="alert"></p>
    <div class="actions"><button type="button" class="btn ghost" data-cancel>${t('act.cancel')}</button>
      <button type="submit" class="btn primary">${t('qual.submit')}</button></div></form>`);
  const form = d.querySelector('form');
  const docs = d.querySelector('[data-docs]');
  const renumber = () => docs.querySelectorAll('[data-doc]').forEach((f, i) => {
    f.querySelector('legend').textContent = `${t('qual.document')} ${i + 1}`;
    f.querySelector('.field-error').dataset.field = 'documents.' + i;
  });
  d.querySelector('[data-add]').addEventListener('click', () => { docs.insertAdjacentHTML('beforeend', docRow(docs.children.length)); });
  docs.addEventListener('click', e => { if (e.target.closest('[data-remove]')) { e.target.closest('[data-doc]').remove(); renumber(); } });
  form.creditCode.addEventListener('blur', () => {
    form.querySelector('[data-field=creditCode]').textContent = form.creditCode.value ? creditCodeProblem(form.creditCode.value) || '' : '';
  });
  const setError = (field, msg) => {
    // documents.0.validUntil → the document's own line
    const f = field && (form.querySelector(`.field-error[data-field="${field}"]`) || form.querySelector(`.field-error[data-field="${field.split('.').slice(0, 2).join('.')}"]`));
    const el = f || form.querySelector('.form-error');
    el.textContent = (el.textContent ? el.textContent + '; ' : '') + msg;
  };
  return new Promise(resolve => {
    const close = v => { d.close(); d.remove(); resolve(v); };
    d.querySelector('[data-cancel]').addEventListener('click', () => close(null));
    d.addEventListener('cancel', e => { e.preventDefault(); close(null); });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      form.querySelectorAll('.field-error, .form-error').forEach(x => { x.textContent = ''; });
      const body = Object.fromEntries(FIELDS.map(([n]) => [n, form[n].value.trim()]));
      body.creditCode = body.creditCode.toUpperCase();
      if (!body.licenceValidUntil) body.licenceValidUntil = null;
      if (!body.contactEmail) body.contactEmail = null;
      body.documents = [...docs.querySelectorAll('[data-doc]')].map(f => Object.fromEntries([...f.querySelectorAll('input[data-k]')].map(i => [i.dataset.k, i.value.trim()])));
      const codeProblem = creditCodeProblem(body.creditCode);
      if (codeProblem) { setError('creditCode', codeProblem); form.creditCode.focus(); return; }
      const submit = form.querySelector('[type=submit]');
      submit.disabled = true;
      try {
        const saved = await ctx.api.put(`clients/${row.clientId}/qualification`, body);
        close(saved);
        ctx.toast(t('qual.saved'));
      } catch (err) {
        if (err instanceof ApiError && err.errors.length) err.errors.forEach(x => setError(x.field, x.message));
        else setError(null, err.message);
      } finally { submit.disabled = false; }
    });
    d.showModal();
    form.companyName.focus();
  });
}
