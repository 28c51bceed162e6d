package io.beacon.auth;

import io.beacon.platform.DomainException.Unauthenticated;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Who is calling, from a verified access token and the current staff row. The agency comes only
 * from here, never from a path or body. {@code actingClientId} is set while an agency user acts
 * inside one client; {@code clientId} is set for an advertiser's own identity.
 */
public record Caller(long loginId, long identityId, String sessionId, String tokenId, long agencyId, Long staffId,
                     Long clientId, Long actingClientId, Role role, boolean leadAdmin, String account, String name) {
  public static final String KEY = "beacon.caller";

  /** The role's capabilities; while acting as a client, only those of {@link Role#IN_CLIENT_VIEW}. */
  public Set<Capability> capabilities() {
    Set<Capability> caps = role.capabilities(leadAdmin);
    if (actingClientId != null) caps.retainAll(Role.IN_CLIENT_VIEW);
    return caps;
  }

  /**
   * Whether this caller may add or manage a staff member of {@code target} role: never the main
   * account, admins only with ADMINS_MANAGE (the main account), others with STAFF_MANAGE.
   */
  public boolean mayManage(Role target) {
    return can(Capability.STAFF_MANAGE) && target != Role.MAIN && target != Role.CLIENT
        && (target != Role.ADMIN || can(Capability.ADMINS_MANAGE));
  }

  public boolean can(Capability c) { return capabilities().contains(c); }

  /** Dedicated employees and client-bound identities see a subset of the agency's clients. */
  public boolean restrictedToAssigned() { return role == Role.DEDICATED; }

  /** The single client this caller is confined to (acting-as, or an advertiser identity), if any. */
  public Long confinedClientId() { return actingClientId != null ? actingClientId : clientId; }

  public static Caller of(RoutingContext ctx) {
    Caller c = ctx.get(KEY);
    if (c == null) throw new Unauthenticated("Authentication required");
    return c;
  }

  public static Caller orNull(RoutingContext ctx) { return ctx.get(KEY); }
}
