package io.beacon.channel;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The six states (待跟进, 跟进中, 有效, 无效, 完结, 失效), shared by leads and opportunities. */
public enum LeadState {
  PENDING, FOLLOWING, VALID, INVALID, COMPLETED, EXPIRED;

  /** States in which a lead or opportunity can still be worked (called, followed up, assigned). */
  public static final Set<LeadState> OPEN = EnumSet.of(PENDING, FOLLOWING, VALID, INVALID);

  public String dbValue() { return name().toLowerCase(Locale.ROOT); }

  public static LeadState of(String dbValue) { return valueOf(dbValue.toUpperCase(Locale.ROOT)); }
}
