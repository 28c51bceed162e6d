package io.beacon.live;

import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.Unauthenticated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest keys per agency: random 256-bit keys shown once, stored as SHA-256 (a fast hash is
 * right for high-entropy keys and keeps ingest cheap). Verified keys are cached for 30 s, so a
 * revocation takes effect at once on this instance and within 30 s on the others; while PostgreSQL is
 * unreachable a key verified before keeps working, so ingest does not depend on PostgreSQL.
 */
public final class IngestKeys {
  private static final long CACHE_MILLIS = 30_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Cached(long agencyId, long until) {}

  private final IngestKeyStore store;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  IngestKeys(IngestKeyStore store) { this.store = store; }

  /** Creates a key; the returned JSON holds the plain key ({@code key}), which is never shown again. */
  public Future<JsonObject> create(long agencyId, String name, Long createdBy) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String key = "bk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return store.create(agencyId, name, hash(key), key.substring(0, 10), createdBy).map(k -> k.toJson().put("key", key));
  }

  /** Makes sure a known key exists for the agency (the demo loader's {@code demo-ingest-key}). */
  public Future<Void> ensure(long agencyId, String name, String plainKey) {
    return store.ensure(agencyId, name, hash(plainKey), plainKey.substring(0, Math.min(10, plainKey.length())));
  }

  public Future<List<JsonObject>> list(long agencyId) {
    return store.list(agencyId).map(keys -> keys.stream().map(IngestKeyStore.IngestKey::toJson).toList());
  }

  public Future<JsonObject> revoke(long agencyId, long id) {
    return store.revoke(agencyId, id).map(found -> {
      cache.clear();
      return found.orElseThrow(() -> new NotFound("Ingest key")).toJson();
    });
  }

  /** The agency a presented key belongs to, or a 401. */
  Future<Long> agencyOf(String plainKey) {
    if (plainKey == null || plainKey.isBlank()) {
      return Future.failedFuture(new Unauthenticated("The X-Beacon-Ingest-Key header is required"));
    }
    String hash = hash(plainKey.trim());
    Cached c = cache.get(hash);
    long now = System.currentTimeMillis();
    if (c != null && c.until > now) return Future.succeededFuture(c.agencyId);
    return store.agencyOf(hash)
        .recover(e -> c != null ? Future.succeededFuture(Optional.of(c.agencyId)) : Future.failedFuture(e))
        .map(found -> {
          long agencyId = found.orElseThrow(() -> new Unauthenticated("The ingest key is not valid"));
          cache.put(hash, new Cached(agencyId, now + CACHE_MILLIS));
          return agencyId;
        });
  }

  static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
