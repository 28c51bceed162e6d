package io.beacon.auth;

/**
 * What a caller may do. Each /api/v1 operation names the capability it needs in /openapi.yaml
 * ({@code x-beacon-capability}); {@link Role} says which roles hold which. The UI reads the same list
 * from {@code GET /api/v1/me}, and WebSocket topics check it too.
 */
public enum Capability {
  /** Any signed-in identity: read own profile, own notices, own tickets. */
  SIGNED_IN,
  /** See clients (all, or the assigned ones for a dedicated employee) and their live figures. */
  CLIENTS_VIEW,
  /** Add / remove clients: invite, authorise, terminate contracts. */
  CLIENTS_MANAGE,
  /** Edit a client's daily budget and act inside a client (run ads as client). */
  CLIENT_OPERATE,
  /**
   * Edit a client's qualification (资质): "edit clients" — main, admin, employee; a dedicated
   * employee only the assigned clients (their client scope); kept inside a client view.
   */
  QUALIFICATION_EDIT,
  /** Recharge and refund the agency wallets. */
  WALLET_RECHARGE,
  /** View funds and transfer agency ↔ client. */
  FUNDS_MANAGE,
  /** Deposit, performance, health score. */
  CHANNEL_VIEW,
  /** Add / disable staff, reset passwords, assign clients, grant lead admin. */
  STAFF_MANAGE,
  /** Add or remove admins (main account only). */
  ADMINS_MANAGE,
  /** Edit own phone and e-mail. */
  PROFILE_EDIT,
  /** All leads of the agency (main, or the lead-admin grant). */
  LEADS_ALL,
  /** Own leads: follow up, call, convert. */
  LEADS_OWN,
  /** Tickets: submit, urge, cancel own; see all tickets of the agency with TICKETS_ALL. */
  TICKETS_SUBMIT,
  TICKETS_ALL,
  /** Operation log, ingest keys, webhooks, alert thresholds. */
  OPERATION_LOG_VIEW,
  INTEGRATIONS_MANAGE,
  /** Task center: export what one may read and download it; agency-global staff see every task of the agency. */
  EXPORTS,
  /** Read the agency's account information: every staff role, never a client's own user. */
  ACCOUNT_VIEW,
  /** Answer authorisation requests in a client's own view (accept / refuse invitations and asset requests): the client's users only. */
  CLIENT_CONSENT
}
