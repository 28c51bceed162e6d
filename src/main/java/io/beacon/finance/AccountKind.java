package io.beacon.finance;

import java.util.Locale;

/**
 * The ledger's account kinds. Agency-level kinds have no client; "world" kinds stand for money
 * outside Beacon (payments in and out, spend delivered, platform coupons and credit) and may go negative.
 */
public enum AccountKind {
  AGENCY_GENERAL(false, false),
  AGENCY_EXTERNAL(false, false),
  AGENCY_FROZEN(false, false),
  DEPOSIT(false, false),
  CLIENT_CASH(true, false),
  CLIENT_COUPON_NORMAL(true, false),
  CLIENT_COUPON_TRAFFIC(true, false),
  CLIENT_CREDIT(true, false),
  CLIENT_FROZEN(true, false),
  /** Over-delivery the client's balances could not cover (negative = owed). */
  CLIENT_ARREARS(true, true),
  WORLD_PAYMENTS(false, true),
  WORLD_SPEND(false, true),
  WORLD_COUPONS(false, true),
  WORLD_CREDIT(false, true);

  private final boolean perClient;
  private final boolean allowNegative;

  AccountKind(boolean perClient, boolean allowNegative) {
    this.perClient = perClient;
    this.allowNegative = allowNegative;
  }

  public boolean perClient() { return perClient; }

  public boolean allowNegative() { return allowNegative; }

  public String dbValue() { return name().toLowerCase(Locale.ROOT); }

  public static AccountKind of(String dbValue) { return valueOf(dbValue.toUpperCase(Locale.ROOT)); }

  /** The agency wallet named in the API ("general" 通用钱包, "external" 外投钱包). */
  public static AccountKind wallet(String name) {
    return "external".equals(name) ? AGENCY_EXTERNAL : AGENCY_GENERAL;
  }

  public static AccountKind coupon(String type) {
    return "traffic".equals(type) ? CLIENT_COUPON_TRAFFIC : CLIENT_COUPON_NORMAL;
  }
}
