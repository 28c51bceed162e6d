package io.beacon.auth;

import java.util.EnumSet;
import java.util.Set;

import static io.beacon.auth.Capability.*;

/** The role matrix (main, admin, employee, dedicated employee, client): the one table every check reads. */
public enum Role {
  MAIN(EnumSet.of(SIGNED_IN, CLIENTS_VIEW, CLIENTS_MANAGE, CLIENT_OPERATE, QUALIFICATION_EDIT, WALLET_RECHARGE, FUNDS_MANAGE, CHANNEL_VIEW,
      STAFF_MANAGE, ADMINS_MANAGE, PROFILE_EDIT, LEADS_ALL, LEADS_OWN, TICKETS_SUBMIT, TICKETS_ALL, OPERATION_LOG_VIEW,
      INTEGRATIONS_MANAGE, EXPORTS, ACCOUNT_VIEW)),
  ADMIN(EnumSet.of(SIGNED_IN, CLIENTS_VIEW, CLIENTS_MANAGE, CLIENT_OPERATE, QUALIFICATION_EDIT, FUNDS_MANAGE, CHANNEL_VIEW, STAFF_MANAGE,
      PROFILE_EDIT, LEADS_OWN, TICKETS_SUBMIT, TICKETS_ALL, OPERATION_LOG_VIEW, INTEGRATIONS_MANAGE, EXPORTS, ACCOUNT_VIEW)),
  EMPLOYEE(EnumSet.of(SIGNED_IN, CLIENTS_VIEW, CLIENTS_MANAGE, CLIENT_OPERATE, QUALIFICATION_EDIT, PROFILE_EDIT, LEADS_OWN, TICKETS_SUBMIT,
      EXPORTS, ACCOUNT_VIEW)),
  /** Sees and operates only the clients assigned to them. */
  DEDICATED(EnumSet.of(SIGNED_IN, CLIENTS_VIEW, CLIENT_OPERATE, QUALIFICATION_EDIT, PROFILE_EDIT, LEADS_OWN, TICKETS_SUBMIT, EXPORTS, ACCOUNT_VIEW)),
  /** An advertiser user inside one client's own view. */
  CLIENT(EnumSet.of(SIGNED_IN, CLIENTS_VIEW, PROFILE_EDIT, CLIENT_CONSENT));

  /**
   * What a staff member keeps while acting as one client: the client's own view and operations,
   * never agency-wide ones (staff, wallet, operation log, all leads), intersected with their role.
   */
  public static final Set<Capability> IN_CLIENT_VIEW = EnumSet.of(SIGNED_IN, CLIENTS_VIEW, CLIENT_OPERATE, QUALIFICATION_EDIT, FUNDS_MANAGE,
      PROFILE_EDIT, LEADS_OWN, TICKETS_SUBMIT);

  private final Set<Capability> capabilities;

  Role(Set<Capability> capabilities) { this.capabilities = capabilities; }

  /** Capabilities of this role, plus LEADS_ALL for a staff member holding the lead-admin grant. */
  public Set<Capability> capabilities(boolean leadAdmin) {
    EnumSet<Capability> caps = EnumSet.copyOf(capabilities);
    if (leadAdmin && this != CLIENT) caps.add(LEADS_ALL);
    return caps;
  }

  public static Role of(String dbValue) { return valueOf(dbValue.toUpperCase(java.util.Locale.ROOT)); }

  public String dbValue() { return name().toLowerCase(java.util.Locale.ROOT); }
}
