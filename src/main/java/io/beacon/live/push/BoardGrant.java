package io.beacon.live.push;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;

/**
 * What a read-only wall-board link lets a socket see: the clients of {@code scope}, the read topics only
 * (agency totals, client counters, alerts), until the link is revoked, expires or its creator loses access.
 * {@code revoked} is set for a revoked link and for one whose creator is no longer an active main account or admin.
 */
public record BoardGrant(long linkId, ClientScope scope, long createdBy, long expiresAtMillis, boolean revoked) {

  /** Resolves a link token (the wall-board feature owns links); succeeds with null for an unknown token. */
  public interface Source {
    Future<BoardGrant> grant(String token);
  }

  boolean expired(long nowMillis) { return nowMillis >= expiresAtMillis; }
}
