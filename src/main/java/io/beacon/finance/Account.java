package io.beacon.finance;

/** A ledger account with its running balance (as locked in the current transaction). */
public record Account(long id, AccountKey key, boolean allowNegative, long balanceFen) {}
