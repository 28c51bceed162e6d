// Finance's money actions, each in a dialog with one Idempotency-Key per dialog (a resubmission cannot
// move money twice): wallet recharge and refund, order freeze (a client chosen by name, or the general
// wallet), and the row actions transfer, coupon, credit limit and unfreeze.
import { request, idempotencyKey, ApiError } from '../../api.js';
import { t } from '../../i18n.js';
import * as fmt from '../../format.js';
import { clients } from '../../widgets.js';

/**
 * Returns moneyDialog(title, fields, send): amounts typed in yuan (fields with money: true) are checked and
 * sent in fen; field errors from the server stay in the dialog; `done()` runs after a success.
 */
export function moneyDialogs(ctx, done) {
  return async function moneyDialog(title, fields, send) {
    const key = idempotencyKey();
    const result = await ctx.dialog({
      title, fields,
      onSubmit: async (v, setError) => {
        for (const f of fields.filter(x => x.money)) {
          const fen = fmt.yuanToFen(v[f.name]);
          if (fen === null || (fen === 0 && !f.zeroOk)) { setError(f.name, t('fin.invalidAmount')); return false; }
          v[f.name] = fen;
        }
        try {
          return await send(v, { headers: { 'Idempotency-Key': key } });
        } catch (e) {
          if (e instanceof ApiError && e.errors.length) { e.errors.forEach(x => setError(x.field, x.message)); return false; }
          throw e;
        }
      },
    });
    if (result) { ctx.toast(t('fin.saved')); done(); }
  };
}

const amount = (extra = {}) => ({ name: 'amountFen', label: t('fin.amountYuan'), inputmode: 'decimal', money: true, ...extra });
const radio = (name, labelKey, options) => ({ name, type: 'radio', label: t(labelKey), value: options[0],
  options: options.map(o => ({ value: o, label: t('fin.' + o) })) });

/** The action of a row button (data-row) on a client funds or order freeze row. */
export function rowAction(api, moneyDialog, act, row) {
  const id = row.clientId;
  if (act === 'transfer') {
    return moneyDialog(`${t('fin.transfer')} · ${row.clientName}`, [radio('direction', 'fin.direction', ['in', 'out']), amount()],
      (v, o) => api.post(`clients/${id}/transfers`, { direction: v.direction, amountFen: v.amountFen }, o));
  }
  if (act === 'coupon') {
    const week = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    return moneyDialog(`${t('fin.coupon')} · ${row.clientName}`, [radio('type', 'fin.couponType', ['normal', 'traffic']), amount(),
      { name: 'expiresAt', type: 'date', label: t('fin.expiresAt'), value: week }],
    (v, o) => api.post(`clients/${id}/coupons`, { type: v.type, amountFen: v.amountFen,
      expiresAt: v.expiresAt ? new Date(v.expiresAt + 'T23:59:59').toISOString() : '' }, o));
  }
  if (act === 'credit') {
    return moneyDialog(`${t('fin.credit')} · ${row.clientName}`, [
      { name: 'limitFen', label: t('fin.limitYuan'), inputmode: 'decimal', money: true, zeroOk: true, value: fmt.fenToYuanInput(row.creditLimitFen) }],
    (v, o) => api.put(`clients/${id}/credit-limit`, { limitFen: v.limitFen }, o));
  }
  if (act === 'unfreeze') {
    return moneyDialog(`${t('fin.unfreeze')} · ${row.orderRef}`, [], (v, o) => request('POST', `finance/freezes/${row.id}/unfreeze`, o));
  }
  return null;
}

/** Recharge or refund of an agency wallet. */
export const walletDialog = (api, moneyDialog, kind) => moneyDialog(t('fin.' + kind), [
  radio('wallet', 'fin.wallet', ['general', 'external']), amount(),
  { name: 'paymentReference', label: t('fin.paymentRef') }, { name: 'memo', label: t('fin.memo') }],
(v, o) => api.post('finance/' + (kind === 'recharge' ? 'recharges' : 'refunds'),
  { wallet: v.wallet, amountFen: v.amountFen, paymentReference: v.paymentReference, ...(v.memo ? { memo: v.memo } : {}) }, o));

/** An order freeze on a client chosen by name, or on the general wallet when none is chosen. */
export const freezeDialog = (api, moneyDialog) => moneyDialog(t('fin.freeze'), [
  { name: 'clientId', type: 'picker', label: t('fin.walletTarget'), search: clients(api), placeholder: t('fin.walletTargetHint') },
  amount(), { name: 'orderRef', label: t('fin.orderRef') }],
(v, o) => api.post('finance/freezes', { amountFen: v.amountFen, orderRef: v.orderRef,
  ...(v.clientId ? { clientId: Number(v.clientId) } : { wallet: 'general' }) }, o));
