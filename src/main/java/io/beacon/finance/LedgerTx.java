package io.beacon.finance;

import java.util.List;

/**
 * A ledger transaction to post: its kind (recharge, refund, allocation, coupon_grant, coupon_expiry,
 * credit_limit, freeze, unfreeze, deposit, spend), the client it concerns, a reference unique per agency
 * and kind (payment reference, source id), and its legs.
 */
public record LedgerTx(String kind, Long clientId, String reference, String memo, Long createdBy, List<Leg> legs) {}
