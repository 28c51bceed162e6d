package io.beacon.tickets;

import java.util.Locale;

/** The four states of a ticket (处理中, 已退回, 已完结, 已撤销). */
public enum TicketStatus {
  PROCESSING, RETURNED, COMPLETED, CANCELLED;

  public String dbValue() { return name().toLowerCase(Locale.ROOT); }

  public static TicketStatus of(String dbValue) { return valueOf(dbValue.toUpperCase(Locale.ROOT)); }
}
