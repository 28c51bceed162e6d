package io.beacon.tickets;

import io.beacon.platform.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Idempotency keys (Stripe style) for record-creating requests of tickets and leads: the key is
 * claimed in the same transaction as the records, so a retry waits for the first request and then
 * gets its result; the same key with another body is a 422.
 */
public final class IdempotencyStore {
  private IdempotencyStore() {}

  /** Empty when this request owns the key; otherwise the stored result of the first request. */
  public static Future<Optional<JsonObject>> claim(SqlConnection conn, long agencyId, String key, String operation, String body) {
    if (key == null) return Future.succeededFuture(Optional.empty());
    String hash = sha256(operation + "\n" + body);
    return conn.preparedQuery("""
            INSERT INTO idempotency_keys (agency_id, key, operation, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agency_id, key) DO NOTHING RETURNING key""")
        .execute(Tuple.of(agencyId, key, operation, hash))
        .compose(claimed -> claimed.rowCount() > 0 ? Future.succeededFuture(Optional.<JsonObject>empty())
            : conn.preparedQuery("SELECT operation, request_hash, response FROM idempotency_keys WHERE agency_id = $1 AND key = $2")
                .execute(Tuple.of(agencyId, key)).map(rows -> {
                  var r = rows.iterator().next();
                  if (!operation.equals(r.getString("operation")) || !hash.equals(r.getString("request_hash"))) {
                    throw new ApiException(422, "idempotency-key-reused", "This Idempotency-Key was used for another request");
                  }
                  JsonObject response = (JsonObject) r.getValue("response");
                  if (response == null) throw ApiException.conflict("idempotency-in-progress", "The first request with this key is still running");
                  return Optional.of(response);
                }));
  }

  public static Future<Void> complete(SqlConnection conn, long agencyId, String key, int status, JsonObject response) {
    if (key == null) return Future.succeededFuture();
    return conn.preparedQuery("UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE agency_id = $1 AND key = $2")
        .execute(Tuple.of(agencyId, key, status, response)).mapEmpty();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
