package io.beacon.wallboard;

import io.beacon.auth.ClientScope;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A read-only wall-board link as stored (never the token): its scope is the whole agency, one dedicated
 * employee's assigned clients ({@code staffId}) or one client ({@code clientId}). {@code creatorActive}: the
 * creator is still an active main account or admin; a link never outlives its creator's access.
 */
record BoardLink(long id, long agencyId, String name, Long staffId, String staffName, Long clientId, String clientName,
                 long createdBy, String createdByName, boolean creatorActive, Instant createdAt, Instant expiresAt,
                 Instant revokedAt, Instant lastOpenedAt) {

  ClientScope scope() { return new ClientScope(agencyId, staffId, clientId); }

  String scopeKind() { return staffId != null ? "staff" : clientId != null ? "client" : "agency"; }

  boolean revoked() { return revokedAt != null || !creatorActive; }

  boolean expired(Instant now) { return !now.isBefore(expiresAt); }

  String status(Instant now) { return revoked() ? "revoked" : expired(now) ? "expired" : "active"; }

  JsonObject scopeJson() {
    JsonObject s = new JsonObject().put("kind", scopeKind());
    if (staffId != null) s.put("staffId", staffId).put("staffName", staffName);
    if (clientId != null) s.put("clientId", clientId).put("clientName", clientName);
    return s;
  }

  /** For the links list: everything but the token, which is not stored. */
  JsonObject toJson(Instant now) {
    return new JsonObject().put("id", id).put("name", name).put("scope", scopeJson()).put("status", status(now))
        .put("createdBy", new JsonObject().put("id", createdBy).put("name", createdByName))
        .put("createdAt", createdAt.toString()).put("expiresAt", expiresAt.toString())
        .put("revokedAt", revokedAt == null ? null : revokedAt.toString())
        .put("lastOpenedAt", lastOpenedAt == null ? null : lastOpenedAt.toString());
  }
}
