package io.beacon.platform;

import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.KeyReused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Idempotency keys (Stripe style) of requests that create records or move money. The key is claimed in
 * the same transaction as the records, so a retry waits for the first request to commit and then gets
 * its answer and changes nothing; the same key with another request (or operation) is a 422. A request
 * is compared by its fingerprint: SHA-256 of the operation and the request, JSON with its object keys
 * sorted so that key order does not matter.
 */
public final class Idempotency {
  /** The first request's answer, to be given again. */
  public record Replay(int status, JsonObject body) {}

  private Idempotency() {}

  /**
   * Empty when this request owns {@code key} (or sends none); otherwise the answer of the first request.
   * Fails with 422 when the key was used for another request.
   */
  public static Future<Optional<Replay>> claim(SqlConnection conn, long agencyId, String key, String operation, JsonObject request) {
    if (key == null) return Future.succeededFuture(Optional.empty());
    return claimFingerprint(conn, agencyId, key, operation, sha256(operation, canonical(request)));
  }

  /** {@link #claim(SqlConnection, long, String, String, JsonObject)} for a request sent as text (an uploaded file): its exact text. */
  public static Future<Optional<Replay>> claim(SqlConnection conn, long agencyId, String key, String operation, String text) {
    if (key == null) return Future.succeededFuture(Optional.empty());
    return claimFingerprint(conn, agencyId, key, operation, sha256(operation, text));
  }

  private static Future<Optional<Replay>> claimFingerprint(SqlConnection conn, long agencyId, String key, String operation, String fingerprint) {
    return IdempotencyStore.claim(conn, agencyId, key, operation, fingerprint).map(stored -> stored.map(s -> {
      if (!s.operation().equals(operation) || !s.fingerprint().equals(fingerprint)) {
        throw new KeyReused("This Idempotency-Key was used with a different request");
      }
      // The claim waits for the first request's transaction, so a key without an answer is one whose first request still runs.
      if (s.status() == null) throw new Conflict("idempotency-in-progress", "The first request with this Idempotency-Key is still running");
      return new Replay(s.status(), s.response());
    }));
  }

  /** Stores the answer of the request that owns {@code key} (nothing without a key). */
  public static Future<Void> complete(SqlConnection conn, long agencyId, String key, int status, JsonObject body) {
    if (key == null) return Future.succeededFuture();
    return IdempotencyStore.complete(conn, agencyId, key, status, body);
  }

  private static String sha256(String operation, String request) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(operation.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      md.update(request.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object v) {
    if (v instanceof JsonObject o) {
      StringBuilder sb = new StringBuilder("{");
      for (String k : new TreeSet<>(o.fieldNames())) {
        if (sb.length() > 1) sb.append(',');
        sb.append(new JsonArray().add(k).encode()).append(':').append(canonical(o.getValue(k)));
      }
      return sb.append('}').toString();
    }
    if (v instanceof JsonArray a) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) sb.append(i == 0 ? "" : ",").append(canonical(a.getValue(i)));
      return sb.append(']').toString();
    }
    return v == null ? "null" : new JsonArray().add(v).encode();
  }
}
