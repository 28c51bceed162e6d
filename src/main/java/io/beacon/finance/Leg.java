package io.beacon.finance;

/** One side of a ledger transaction: {@code amountFen} is added to the account's balance. */
public record Leg(AccountKey account, long amountFen) {
  /** Moves {@code amountFen} from one account to another: two legs. */
  public static Leg[] move(AccountKey from, AccountKey to, long amountFen) {
    return new Leg[] {new Leg(from, -amountFen), new Leg(to, amountFen)};
  }
}
