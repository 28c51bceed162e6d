package io.beacon.wallboard;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.auth.Role;
import io.beacon.auth.TokenService;
import io.beacon.live.push.BoardGrant;
import io.beacon.platform.DomainException.Expired;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.RateLimited;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Read-only wall-board links: a main account or admin creates one for a TV, with a scope no wider than their
 * own and an expiry; the token (256 random bits) is shown once and only its SHA-256 is stored. Revoking one
 * is announced on the revocation channel, so every instance's push hub closes its sockets at once.
 */
public final class BoardLinks {
  static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
  static final Duration MAX_LIFETIME = Duration.ofDays(90);
  /** Unknown tokens one address may try a minute before it is told to wait (guessing 256 bits is hopeless anyway). */
  static final int MISSES_PER_IP_PER_MINUTE = 30;

  private final Platform platform;
  private final BoardLinkStore store;
  private final RedisAPI redis;

  public BoardLinks(Platform platform) {
    this.platform = platform;
    this.store = new BoardLinkStore(platform.pg());
    this.redis = platform.redis();
  }

  /** Creates a link; the answer holds {@code token} and {@code url}, shown this once. */
  Future<JsonObject> create(Caller c, String name, JsonObject scope, String expiresAt, String origin) {
    if (name == null || name.isBlank()) throw new Invalid("name", "must not be blank");
    Instant now = now();
    Instant expires = expiry(expiresAt, now);
    ClientScope own = ClientScope.of(c);
    String kind = scope == null ? "agency" : scope.getString("kind", "agency");
    Long staffId = "staff".equals(kind) ? required(scope, "staffId") : null;
    Long clientId = "client".equals(kind) ? required(scope, "clientId") : null;
    Future<Void> allowed = switch (kind) {
      case "agency" -> own.wholeAgency() ? Future.succeededFuture()
          : Future.failedFuture(new Invalid("scope.kind", "you do not see the whole agency"));
      case "staff" -> (own.wholeAgency() ? store.isDedicated(c.agencyId(), staffId) : Future.succeededFuture(false))
          .compose(ok -> ok ? Future.succeededFuture()
              : Future.failedFuture(new Invalid("scope.staffId", "must be an active dedicated employee of your agency")));
      case "client" -> store.sees(own, clientId).compose(ok -> ok ? Future.succeededFuture()
          : Future.failedFuture(new Invalid("scope.clientId", "must be a client you see")));
      default -> Future.failedFuture(new Invalid("scope.kind", "must be agency, staff or client"));
    };
    String token = TokenService.randomToken(32);
    return allowed
        .compose(v -> store.insert(c.agencyId(), name.strip(), TokenService.sha256(token), staffId, clientId, c.staffId(), now, expires))
        .map(link -> link.toJson(now).put("token", token).put("url", origin + "/board/" + token));
  }

  Future<List<JsonObject>> list(Caller c) {
    Instant now = now();
    return store.list(c.agencyId()).map(links -> links.stream().map(l -> l.toJson(now)).toList());
  }

  /** Revokes the link and closes its open boards on every instance. */
  Future<JsonObject> revoke(Caller c, long id) {
    Instant now = now();
    return store.revoke(c.agencyId(), id, c.staffId(), now).compose(found -> {
      BoardLink link = found.orElseThrow(() -> new NotFound("Wall-board link"));
      String announcement = new JsonObject().put("boardLinkId", id).put("reason", "wallboard-link-revoked").put("at", now.toString()).encode();
      return redis.publish(TokenService.REVOCATIONS, announcement).map(r -> link.toJson(now));
    });
  }

  /**
   * The link a board page presents: 404 for an unknown token (429 once an address has presented too many
   * unknown ones within a minute), 410 for a revoked or expired one.
   */
  Future<BoardLink> open(String token, String ip) {
    return store.byTokenHash(TokenService.sha256(token)).compose(found -> {
      if (found.isEmpty()) return miss(ip);
      BoardLink link = found.get();
      if (link.revoked()) return Future.failedFuture(new Expired("wallboard-link-revoked", "This wall-board link was revoked"));
      if (link.expired(now())) return Future.failedFuture(new Expired("wallboard-link-expired", "This wall-board link has expired"));
      return Future.succeededFuture(link);
    });
  }

  /** Counts an unknown token per address; only guesses are limited, so a working board is never refused. */
  private <T> Future<T> miss(String ip) {
    String key = "wallboard:misses:" + ip;
    return redis.incr(key).compose(n -> {
      if (n.toLong() == 1) redis.expire(List.of(key, "60"));
      if (n.toLong() <= MISSES_PER_IP_PER_MINUTE) return Future.failedFuture(new NotFound("Wall-board link"));
      return redis.ttl(key).compose(ttl -> Future.failedFuture(new RateLimited(Math.max(1, ttl.toLong()))));
    });
  }

  /** The board page was opened: stamps {@code lastOpenedAt} and answers what the page shows about the link. */
  Future<JsonObject> opened(BoardLink link) {
    return store.opened(link.id(), now()).map(v -> new JsonObject().put("name", link.name()).put("scope", new JsonObject()
        .put("kind", link.scopeKind())).put("expiresAt", link.expiresAt().toString()));
  }

  /** For the push hub: what a socket presenting {@code token} may see; null for an unknown token. */
  public Future<BoardGrant> grant(String token) {
    return store.byTokenHash(TokenService.sha256(token)).map(found -> found
        .map(l -> new BoardGrant(l.id(), l.scope(), l.createdBy(), l.expiresAt().toEpochMilli(), l.revoked()))
        .orElse(null));
  }

  /**
   * The read models (home figures, alerts) take a caller for their client scope; a board reads them as this
   * caller, which carries only the link's scope and is never used to authenticate anything.
   */
  static Caller reader(BoardLink link) {
    Role role = link.staffId() != null ? Role.DEDICATED : Role.EMPLOYEE;
    return new Caller(0, 0, "board:" + link.id(), null, link.agencyId(), link.staffId(), null, link.clientId(), role, false,
        "board", link.name());
  }

  private Instant expiry(String value, Instant now) {
    if (value == null) return now.plus(DEFAULT_LIFETIME);
    Instant at;
    try {
      at = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid("expiresAt", "must be an ISO date-time with offset, e.g. 2026-01-31T18:00:00+08:00");
    }
    if (!at.isAfter(now)) throw new Invalid("expiresAt", "must be in the future");
    if (at.isAfter(now.plus(MAX_LIFETIME))) throw new Invalid("expiresAt", "must be at most 90 days ahead");
    return at;
  }

  private static Long required(JsonObject scope, String field) {
    Object v = scope.getValue(field);
    if (v instanceof Number n && n.longValue() > 0) return n.longValue();
    throw new Invalid("scope." + field, "is required for this scope kind");
  }

  private Instant now() { return platform.clock().instant(); }
}
