package io.beacon.auth;

import io.beacon.platform.DomainException.Unauthenticated;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens (HS256 pinned, exp/iat/jti/aud/iss), selection tokens for the identity picker, and
 * revocation markers in Redis that every verification checks: a revoked session (logout, refresh
 * reuse), a per-login "revoked before" time (password change, reset) and a per-staff "revoked before"
 * time (disablement). Each revocation is also published on {@link #REVOCATIONS} so push closes sockets.
 */
public final class TokenService {
  static final String ISSUER = "beacon";
  static final String AUDIENCE = "beacon-api";
  static final String SELECTION_AUDIENCE = "beacon-identity-selection";
  /** Redis channel: {"sessionId"|"loginId"|"staffId": .., "reason", "at"}; push closes the matching sockets. */
  public static final String REVOCATIONS = "auth:revocations";
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Platform platform;
  private final RedisAPI redis;
  private final JWTAuth jwt;
  private final int accessTtlSeconds;

  private TokenService(Platform platform, JWTAuth jwt) {
    this.platform = platform;
    this.redis = platform.redis();
    this.jwt = jwt;
    this.accessTtlSeconds = platform.config().auth().accessTokenTtlSeconds();
  }

  /** The signing key comes from configuration, or is generated once and kept in the database. */
  public static Future<TokenService> create(Platform platform, AuthStore store) {
    String configured = platform.config().auth().jwtSecret();
    Future<String> secret = configured != null && !configured.isBlank() ? Future.succeededFuture(configured)
        : store.secret("jwt-hs256", randomToken(48));
    return secret.map(key -> new TokenService(platform, JWTAuth.create(platform.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setLeeway(5)))));
  }

  public int accessTtlSeconds() { return accessTtlSeconds; }

  public String accessToken(AuthStore.Identity identity, String sessionId, Long actingClientId) {
    JsonObject claims = new JsonObject()
        .put("sub", String.valueOf(identity.loginId()))
        .put("iid", identity.id())
        .put("aid", identity.agencyId())
        .put("sid", sessionId)
        .put("jti", UUID.randomUUID().toString())
        .put("iam", platform.clock().millis());   // issued-at in ms, compared with revocation times
    if (identity.staffId() != null) claims.put("stf", identity.staffId());
    if (actingClientId != null) claims.put("act", actingClientId);
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER)
        .setAudience(List.of(AUDIENCE)).setExpiresInSeconds(accessTtlSeconds));
  }

  public String selectionToken(long loginId) {
    return jwt.generateToken(new JsonObject().put("sub", String.valueOf(loginId)).put("jti", UUID.randomUUID().toString()),
        new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setAudience(List.of(SELECTION_AUDIENCE)).setExpiresInSeconds(300));
  }

  /** Verified access-token claims, or a 401. */
  public Future<JsonObject> verifyAccess(String token) {
    return verify(token, AUDIENCE).compose(claims -> revoked(claims).compose(revoked -> revoked
        ? Future.failedFuture(new Unauthenticated("The token has been revoked"))
        : Future.succeededFuture(claims)));
  }

  /** Verified selection-token login id, or a 401. */
  public Future<Long> verifySelection(String token) {
    return verify(token, SELECTION_AUDIENCE).map(claims -> Long.parseLong(claims.getString("sub")));
  }

  private Future<JsonObject> verify(String token, String audience) {
    if (!headerAcceptable(token)) return Future.failedFuture(new Unauthenticated("Invalid token"));
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new Unauthenticated("Invalid or expired token")))
        .compose(user -> {
          JsonObject claims = user.principal();   // exp/iat were checked by JWTAuth; the audience is checked here
          Object aud = claims.getValue("aud");
          boolean audienceOk = aud instanceof String s ? s.equals(audience)
              : aud instanceof io.vertx.core.json.JsonArray a && a.size() == 1 && audience.equals(a.getString(0));
          if (!audienceOk || claims.getString("sub") == null || claims.getString("jti") == null) {
            return Future.failedFuture(new Unauthenticated("Invalid token"));
          }
          return Future.succeededFuture(claims);
        });
  }

  /** Only "HS256" with no key-location headers: refuses none, algorithm confusion and jku/x5u/jwk tricks. */
  static boolean headerAcceptable(String token) {
    try {
      String[] parts = token.split("\\.");
      if (parts.length != 3 || parts[2].isEmpty()) return false;
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      return "HS256".equals(header.getString("alg")) && header.fieldNames().stream().noneMatch(FORBIDDEN_HEADERS::contains);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Future<Boolean> revoked(JsonObject claims) {
    Long staffId = claims.getLong("stf");
    return redis.mget(List.of(sessionKey(claims.getString("sid")), loginKey(claims.getString("sub")),
            staffKey(staffId == null ? "none" : staffId.toString())))
        .map(r -> {
          if (r.get(0) != null) return true;
          long issued = claims.getLong("iam", 0L);
          return revokedBefore(r.get(1), issued) || revokedBefore(r.get(2), issued);
        });
  }

  private static boolean revokedBefore(Response before, long issuedAtMillis) {
    return before != null && issuedAtMillis <= before.toLong();
  }

  /** Revokes one session (its access tokens at once; its refresh family is revoked in the store). */
  public Future<Void> revokeSession(String sessionId, String reason) {
    return redis.set(List.of(sessionKey(sessionId), "1", "EX", String.valueOf(markerTtl())))
        .compose(v -> announce(new JsonObject().put("sessionId", sessionId), reason));
  }

  /** Revokes every token of a login issued up to now (password change or reset). */
  public Future<Void> revokeLogin(long loginId, String reason) {
    return revokeBefore(loginKey(String.valueOf(loginId)), new JsonObject().put("loginId", loginId), reason);
  }

  /** Revokes every token of one staff identity issued up to now (disablement). */
  public Future<Void> revokeStaff(long staffId, String reason) {
    return revokeBefore(staffKey(String.valueOf(staffId)), new JsonObject().put("staffId", staffId), reason);
  }

  private Future<Void> revokeBefore(String key, JsonObject subject, String reason) {
    return redis.set(List.of(key, String.valueOf(platform.clock().millis()), "EX", String.valueOf(markerTtl())))
        .compose(v -> announce(subject, reason));
  }

  private Future<Void> announce(JsonObject subject, String reason) {
    return redis.publish(REVOCATIONS, subject.put("reason", reason).put("at", platform.clock().instant().toString()).encode())
        .mapEmpty();
  }

  /** After this, every token issued before the marker has expired anyway. */
  private long markerTtl() { return accessTtlSeconds + 60L; }

  private static String sessionKey(String sid) { return "auth:revoked:sid:" + sid; }

  private static String loginKey(String loginId) { return "auth:revoked-before:login:" + loginId; }

  private static String staffKey(String staffId) { return "auth:revoked-before:staff:" + staffId; }

  public static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Duration refreshTtl() { return Duration.ofDays(platform.config().auth().refreshTokenTtlDays()); }
}
