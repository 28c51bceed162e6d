package io.beacon.auth;

import io.beacon.platform.ApiException;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Password login with throttling, identity selection, refresh rotation with reuse detection, logout. */
public final class AuthService {
  static final int ACCOUNT_FAILURES_PER_MINUTE = 5;
  static final int IP_FAILURES_PER_MINUTE = 30;
  /** Verifying against this keeps an unknown account as slow as a wrong password. */
  private static final String DUMMY_HASH = PasswordHasher.hash("not-a-password");

  private final Platform platform;
  private final AuthStore store;
  private final TokenService tokens;
  private final RedisAPI redis;

  public AuthService(Platform platform, AuthStore store, TokenService tokens) {
    this.platform = platform;
    this.store = store;
    this.tokens = tokens;
    this.redis = platform.redis();
  }

  public AuthStore store() { return store; }

  public TokenService tokens() { return tokens; }

  /** Tokens when the login holds one agency identity; otherwise the identity list and a selection token. */
  public Future<JsonObject> login(String account, String password, String ip) {
    String accountKey = "auth:fail:account:" + account.toLowerCase(java.util.Locale.ROOT);
    String ipKey = "auth:fail:ip:" + ip;
    return throttle(accountKey, ACCOUNT_FAILURES_PER_MINUTE)
        .compose(v -> throttle(ipKey, IP_FAILURES_PER_MINUTE))
        .compose(v -> store.loginByAccount(account))
        .compose(login -> platform.vertx().executeBlocking(() -> {
          boolean ok = PasswordHasher.matches(password, login.map(AuthStore.Login::passwordHash).orElse(DUMMY_HASH));
          return ok && login.isPresent() && "active".equals(login.get().status()) ? login : Optional.<AuthStore.Login>empty();
        }, false))
        .compose(login -> {
          if (login.isEmpty()) {
            return recordFailure(accountKey).compose(v -> recordFailure(ipKey))
                .compose(v -> Future.failedFuture(ApiException.unauthorized("Account or password is incorrect")));
          }
          return redis.del(List.of(accountKey)).compose(v -> afterPassword(login.get().id()));
        });
  }

  /** After a successful sign-in (password or QR): straight in with one agency identity, else the picker. */
  public Future<JsonObject> afterPassword(long loginId) {
    return store.identitiesOf(loginId).compose(all -> {
      List<AuthStore.Identity> active = all.stream().filter(AuthStore.Identity::active).toList();
      if (active.isEmpty()) return Future.failedFuture(ApiException.unauthorized("Account or password is incorrect"));
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
            return Future.failedFuture(ApiException.notFound("Identity"));
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
      if (found.isEmpty()) return Future.failedFuture(ApiException.unauthorized("Invalid refresh token"));
      AuthStore.RefreshToken t = found.get();
      if (t.used() || t.revoked()) {
        // A spent token came back: someone holds a copy. End the whole session.
        return store.revokeFamily(t.familyId()).compose(v -> tokens.revokeSession(t.familyId()))
            .compose(v -> Future.failedFuture(ApiException.unauthorized("Refresh token reused; the session was revoked")));
      }
      if (t.expiresAt().isBefore(platform.clock().instant())) {
        return Future.failedFuture(ApiException.unauthorized("Refresh token expired"));
      }
      return store.identity(t.identityId()).compose(identity -> identity.filter(AuthStore.Identity::active)
          .map(i -> issue(i, t.familyId(), t.actingClientId()))
          .orElseGet(() -> Future.failedFuture(ApiException.unauthorized("Identity no longer active"))));
    });
  }

  public Future<Void> logout(Caller caller) {
    return store.revokeFamily(caller.sessionId()).compose(v -> tokens.revokeSession(caller.sessionId()));
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

  private Future<Void> throttle(String key, int limit) {
    return redis.get(key).compose(count -> {
      if (count == null || count.toInteger() < limit) return Future.succeededFuture();
      return redis.ttl(key).compose(ttl -> Future.failedFuture(ApiException.tooManyRequests(Math.max(1, ttl.toLong()))));
    });
  }

  private Future<Void> recordFailure(String key) {
    return redis.incr(key).compose(n -> n.toLong() == 1 ? redis.expire(List.of(key, "60")).mapEmpty() : Future.succeededFuture());
  }
}
