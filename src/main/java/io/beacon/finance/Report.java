package io.beacon.finance;

import java.util.List;

/**
 * One finance detail list: its CSV file name and header, and how the store reads it.
 * {@code keyed} lists page by a descending key (opaque cursor = last key); the others by offset.
 */
public enum Report {
  ALLOCATIONS("allocations", true, List.of("transactionId", "time", "clientId", "clientName", "pid", "account", "direction",
      "amountFen", "wallet", "memo")),
  RECHARGES("recharges", true, List.of("transactionId", "time", "wallet", "amountFen", "paymentReference", "memo")),
  REFUNDS("refunds", true, List.of("transactionId", "time", "wallet", "amountFen", "paymentReference", "memo")),
  COUPON_CHANGES("coupon-changes", true, List.of("entryId", "time", "clientId", "clientName", "pid", "changeType", "couponType",
      "amountFen", "expiresAt")),
  CREDIT_CHANGES("credit-changes", true, List.of("entryId", "time", "clientId", "clientName", "pid", "changeType", "amountFen",
      "creditLimitFen")),
  SPEND("spend", false, List.of("period", "clientId", "clientName", "pid", "product", "spendType", "costFen", "cashFen",
      "couponNormalFen", "couponTrafficFen", "creditFen", "arrearsFen")),
  FREEZES("freezes", true, List.of("id", "orderRef", "clientId", "clientName", "pid", "wallet", "amountFen", "status",
      "frozenAt", "unfrozenAt")),
  CLIENT_FUNDS("client-funds", false, List.of("clientId", "clientName", "pid", "account", "cashFen", "couponNormalFen",
      "couponTrafficFen", "creditLimitFen", "creditAvailableFen", "frozenFen", "arrearsFen", "balanceFen"));

  private final String fileName;
  private final boolean keyed;
  private final List<String> header;

  Report(String fileName, boolean keyed, List<String> header) {
    this.fileName = fileName;
    this.keyed = keyed;
    this.header = header;
  }

  public String fileName() { return fileName; }

  public boolean keyed() { return keyed; }

  public List<String> header() { return header; }
}
