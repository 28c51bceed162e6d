package io.beacon.finance;

import java.time.OffsetDateTime;
import java.util.Map;

/** A committed ledger transaction: its id, time and the new balances of the accounts it touched. */
public record Posted(long transactionId, OffsetDateTime createdAt, Map<AccountKey, Long> balances) {
  public long balance(AccountKey key) { return balances.getOrDefault(key, 0L); }
}
