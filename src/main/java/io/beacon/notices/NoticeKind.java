package io.beacon.notices;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The message-center kinds (the whitepaper's 托管规则, 授权, 系统, 审核 plus alerts, tickets, leads). */
public enum NoticeKind {
  HOSTING_RULE, AUTHORIZATION, SYSTEM, REVIEW, ALERT, TICKET, LEAD;

  public String dbValue() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<NoticeKind> parse(String value) {
    return Arrays.stream(values()).filter(k -> k.dbValue().equals(value)).findFirst();
  }
}
