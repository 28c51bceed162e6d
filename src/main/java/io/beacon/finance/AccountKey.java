package io.beacon.finance;

/** Names one ledger account of an agency: its kind and, for per-client kinds, the client. */
public record AccountKey(AccountKind kind, Long clientId) {
  public AccountKey {
    if (kind.perClient() != (clientId != null)) {
      throw new IllegalArgumentException(kind + (kind.perClient() ? " needs" : " takes no") + " client");
    }
  }

  public static AccountKey agency(AccountKind kind) { return new AccountKey(kind, null); }

  public static AccountKey client(AccountKind kind, long clientId) { return new AccountKey(kind, clientId); }
}
