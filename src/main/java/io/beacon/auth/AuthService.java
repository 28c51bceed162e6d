package io.beacon.auth;

import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.RateLimited;
import io.beacon.platform.DomainException.Unauthenticated;
import io.beacon.platform.Platform;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Password login with throttling, identity selection, refresh rotation with reuse detection, logout,
 * password changes, acting as a client and revocation (logout, password change, disablement).
 */
public final class AuthService {
  /** Password checks of one account from one client address per minute. */
  static final int ACCOUNT_ADDRESS_ATTEMPTS_PER_MINUTE = 5;
  /** Failed checks of one account from all addresses per minute: an address storm cannot lock the owner out alone. */
  static final int ACCOUNT_ATTEMPTS_PER_MINUTE = 50;
  /** Failed checks from one client address across all accounts per minute. */
  static final int ADDRESS_ATTEMPTS_PER_MINUTE = 30;
  static final String WINDOW_SECONDS = "60";
  /**
   * Reserves one attempt: INCR and the window's expiry in one step, so parallel attempts each get their
   * own number and no key is left without an expiry. Returns {count, seconds left in the window}.
   */
  private static final String RESERVE = """
      local n = redis.call('INCR', KEYS[1])
      if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}""";
  /** Gives a reserved attempt back (it was not a failure), keeping the window's expiry. */
  private static final String RELEASE = """
      local n = tonumber(redis.call('GET', KEYS[1]) or '0')
      if n > 1 then redis.call('DECR', KEYS[1]) elseif n == 1 then redis.call('DEL', KEYS[1]) end
      return 0""";
  /** Verifying against this keeps an unknown account as slow as a wrong password. */
  private static final String DUMMY_HASH = PasswordHasher.hash("not-a-password");

  private final Platform platform;
  private final AuthStore store;
  private final TokenService tokens;
  private final RedisAPI redis;
  private final Counter passwordChecks;
  private final Counter throttled;

  public AuthService(Platform platform, AuthStore store, TokenService tokens) {
    this.platform = platform;
    this.store = store;
    this.tokens = tokens;
    this.redis = platform.redis();
    this.passwordChecks = platform.metrics().counter("beacon.login.password.checks");
    this.throttled = platform.metrics().counter("beacon.login.throttled");
  }

  public AuthStore store() { return store; }

  public TokenService tokens() { return tokens; }

  /**
   * Tokens when the login holds one agency identity; otherwise the identity list and a selection token.
   * The attempt is reserved before the password is checked, so parallel guesses cannot outrun the limits.
   */
  public Future<JsonObject> login(String account, String password, String address) {
    Attempt attempt = new Attempt(account, address);
    return attempt.reserve()
        .compose(v -> store.loginByAccount(account))
        .compose(login -> platform.vertx().executeBlocking(() -> {
          passwordChecks.increment();
          boolean ok = PasswordHasher.matches(password, login.map(AuthStore.Login::passwordHash).orElse(DUMMY_HASH));
          return ok && login.isPresent() && "active".equals(login.get().status()) ? login : Optional.<AuthStore.Login>empty();
        }, false))
        .compose(login -> {
          if (login.isEmpty()) return Future.failedFuture(new Unauthenticated("Account or password is incorrect"));
          return attempt.succeeded().compose(v -> afterPassword(login.get().id()));
        });
  }

  /**
   * One password attempt counted against three windows of a minute: the account from this address
   * (a few tries), the account from anywhere (a higher ceiling, so one address's storm does not lock
   * the owner out elsewhere) and the address across accounts. Each key is one Redis key, so the
   * counting works unchanged on Redis Cluster.
   */
  private final class Attempt {
    private final String pair;
    private final String accountKey;
    private final String addressKey;

    Attempt(String account, String address) {
      String a = account.toLowerCase(java.util.Locale.ROOT);
      this.pair = "auth:try:pair:" + a + "|" + address;
      this.accountKey = "auth:try:account:" + a;
      this.addressKey = "auth:try:address:" + address;
    }

    /** Counts the attempt in all three windows, or a 429 (counting nothing) when one is full. */
    Future<Void> reserve() {
      return take(pair, ACCOUNT_ADDRESS_ATTEMPTS_PER_MINUTE)
          .compose(v -> take(addressKey, ADDRESS_ATTEMPTS_PER_MINUTE).recover(e -> release(pair).compose(x -> Future.failedFuture(e))))
          .compose(v -> take(accountKey, ACCOUNT_ATTEMPTS_PER_MINUTE)
              .recover(e -> release(pair).compose(x -> release(addressKey)).compose(x -> Future.failedFuture(e))));
    }

    /** The right password: this address starts afresh for the account, and the attempt was no failure elsewhere. */
    Future<Void> succeeded() {
      return redis.del(List.of(pair)).compose(v -> release(accountKey)).compose(v -> release(addressKey));
    }

    private Future<Void> take(String key, int limit) {
      return redis.eval(List.of(RESERVE, "1", key, WINDOW_SECONDS)).compose(r -> {
        long n = r.get(0).toLong();
        if (n <= limit) return Future.succeededFuture();
        throttled.increment();
        return Future.failedFuture(new RateLimited(Math.max(1, r.get(1).toLong())));
      });
    }

    private Future<Void> release(String key) {
      return redis.eval(List.of(RELEASE, "1", key)).mapEmpty();
    }
  }

  /** After a successful sign-in (password or QR): straight in with one agency identity, else the picker. */
  public Future<JsonObject> afterPassword(long loginId) {
    return store.identitiesOf(loginId).compose(all -> {
      List<AuthStore.Identity> active = all.stream().filter(AuthStore.Identity::active).toList();
      if (active.isEmpty()) return Future.failedFuture(new Unauthenticated("Account or password is incorrect"));
      List<AuthStore.Identity> agency = active.stream().filter(i -> "agency".equals(i.kind())).toList();
      if (active.size() == 1 && agency.size() == 1) return issue(agency.get(0), UUID.randomUUID().toString(), null);
      JsonArray list = new JsonArray();
      active.forEach(i -> list.add(new JsonObject().put("id", i.id()).put("kind", i.kind()).put("name", i.label())
          .put("agencyId", i.agencyId()).put("clientId", i.clientId()).put("role", i.role().dbValue())));
      return Future.succeededFuture(new JsonObject().put("selectionToken", tokens.selectionToken(loginId)).put("identities", list));
    });
  }

  public Future<JsonObject> selectIdentity(String selectionToken, long identityId) {
    return tokens.verifySelection(selectionToken)
        .compose(loginId -> store.identity(identityId).compose(identity -> {
          if (identity.isEmpty() || identity.get().loginId() != loginId || !identity.get().active()) {
            return Future.failedFuture(new NotFound("Identity"));
          }
          return issue(identity.get(), UUID.randomUUID().toString(), null);
        }));
  }

  /** A selection token for the caller's own login: "switch account" returns to the identity picker. */
  public Future<JsonObject> switchAccount(Caller caller) {
    return afterPassword(caller.loginId()).map(r -> r.containsKey("selectionToken") ? r
        : new JsonObject().put("selectionToken", tokens.selectionToken(caller.loginId())).put("identities", new JsonArray()));
  }

  public Future<JsonObject> refresh(String refreshToken) {
    return store.spendRefreshToken(TokenService.sha256(refreshToken)).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new Unauthenticated("Invalid refresh token"));
      AuthStore.RefreshToken t = found.get();
      if (t.used() || t.revoked()) {
        // A spent token came back: someone holds a copy. End the whole session.
        return store.revokeFamily(t.familyId()).compose(v -> tokens.revokeSession(t.familyId(), "refresh-reuse"))
            .compose(v -> Future.failedFuture(new Unauthenticated("Refresh token reused; the session was revoked")));
      }
      if (t.expiresAt().isBefore(platform.clock().instant())) {
        return Future.failedFuture(new Unauthenticated("Refresh token expired"));
      }
      return store.identity(t.identityId()).compose(identity -> identity.filter(AuthStore.Identity::active)
          .map(i -> stillActing(i, t.actingClientId()).compose(acting -> issue(i, t.familyId(), acting)))
          .orElseGet(() -> Future.failedFuture(new Unauthenticated("Identity no longer active"))));
    });
  }

  /** The acting client if the identity may still see it (an unassigned client drops back to the agency view). */
  private Future<Long> stillActing(AuthStore.Identity identity, Long actingClientId) {
    if (actingClientId == null) return Future.succeededFuture(null);
    return store.clientVisible(scopeOf(identity), actingClientId).map(visible -> visible ? actingClientId : null);
  }

  static ClientScope scopeOf(AuthStore.Identity identity) {
    return new ClientScope(identity.agencyId(), identity.role() == Role.DEDICATED ? identity.staffId() : null, identity.clientId());
  }

  public Future<Void> logout(Caller caller) {
    return store.revokeFamily(caller.sessionId()).compose(v -> tokens.revokeSession(caller.sessionId(), "logout"));
  }

  /**
   * Act as one client: a token pair of the same session scoped to {@code clientId}. The client
   * must be visible to the staff member (a dedicated employee: assigned); otherwise 404 as for a
   * missing one. Switching from one client to another is allowed without leaving first.
   */
  public Future<JsonObject> actAs(Caller caller, long clientId) {
    if (caller.staffId() == null) return Future.failedFuture(new Forbidden("Only agency staff may act as a client"));
    return store.identity(caller.identityId()).compose(found -> {
      AuthStore.Identity identity = found.filter(AuthStore.Identity::active)
          .orElseThrow(() -> new Unauthenticated("The account is no longer active"));
      return store.clientVisible(scopeOf(identity), clientId).compose(visible -> visible
          ? issue(identity, caller.sessionId(), clientId)
          : Future.failedFuture(new NotFound("Client")));
    });
  }

  /** "Back to agency view": a token pair of the same session without the client scope. */
  public Future<JsonObject> exitActAs(Caller caller) {
    return store.identity(caller.identityId()).compose(found -> found.filter(AuthStore.Identity::active)
        .map(identity -> issue(identity, caller.sessionId(), null))
        .orElseGet(() -> Future.failedFuture(new Unauthenticated("The account is no longer active"))));
  }

  /**
   * Change one's own password: the current one must match (failures count towards the login
   * throttle); every session of the login, this one included, is revoked at once.
   */
  public Future<Void> changePassword(Caller caller, String current, String next, String address) {
    Attempt attempt = new Attempt(caller.account(), address);
    return attempt.reserve()
        .compose(v -> store.loginById(caller.loginId()))
        .compose(login -> platform.vertx().executeBlocking(() -> {
          passwordChecks.increment();
          return login.isPresent() && PasswordHasher.matches(current, login.get().passwordHash());
        }, false))
        .compose(ok -> {
          if (!ok) return Future.failedFuture(new Invalid("currentPassword", "the current password is incorrect"));
          if (current.equals(next)) {
            return attempt.succeeded().compose(v -> Future.failedFuture(
                new Invalid("newPassword", "must differ from the current password")));
          }
          return attempt.succeeded().compose(v -> replacePassword(caller.loginId(), next, "password-change"));
        });
  }

  /** Sets a login's password (hashed off the event loop) and revokes all its tokens and sessions. */
  public Future<Void> replacePassword(long loginId, String password, String reason) {
    return platform.vertx().executeBlocking(() -> PasswordHasher.hash(password), false)
        .compose(hash -> store.setPasswordHash(loginId, hash))
        .compose(v -> store.revokeLogin(loginId))
        .compose(v -> tokens.revokeLogin(loginId, reason));
  }

  /** Revokes every token and session of one staff member at once (disablement). */
  public Future<Void> revokeStaff(long staffId, String reason) {
    return store.revokeStaff(staffId).compose(v -> tokens.revokeStaff(staffId, reason));
  }

  /** A fresh token pair for an identity within a session; {@code actingClientId} scopes it to one client. */
  public Future<JsonObject> issue(AuthStore.Identity identity, String sessionId, Long actingClientId) {
    String refresh = TokenService.randomToken(32);
    Instant expires = platform.clock().instant().plus(tokens.refreshTtl());
    return store.insertRefreshToken(TokenService.sha256(refresh), sessionId, identity.loginId(), identity.id(), actingClientId, expires)
        .map(v -> new JsonObject()
            .put("accessToken", tokens.accessToken(identity, sessionId, actingClientId))
            .put("refreshToken", refresh)
            .put("tokenType", "Bearer")
            .put("expiresIn", tokens.accessTtlSeconds())
            .put("identity", new JsonObject().put("id", identity.id()).put("kind", identity.kind()).put("name", identity.label())
                .put("agencyId", identity.agencyId()).put("clientId", identity.clientId()).put("role", identity.role().dbValue()))
            .put("actingClientId", actingClientId));
  }
}
