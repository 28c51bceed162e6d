package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** SQL of the idempotency_keys table: one row per (agency, key), written in the request's own transaction. */
final class IdempotencyStore {
  /** What the first request under a key left: its operation and fingerprint, and its answer once it committed. */
  record Stored(String operation, String fingerprint, Integer status, JsonObject response) {}

  private IdempotencyStore() {}

  /** Claims {@code key}; empty when this request is the first, else what the first stored (blocks while it runs). */
  static Future<Optional<Stored>> claim(SqlConnection conn, long agencyId, String key, String operation, String fingerprint) {
    return conn.preparedQuery("""
            INSERT INTO idempotency_keys (agency_id, key, operation, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agency_id, key) DO NOTHING RETURNING key""")
        .execute(Tuple.of(agencyId, key, operation, fingerprint))
        .compose(inserted -> inserted.rowCount() == 1 ? Future.succeededFuture(Optional.<Stored>empty())
            : conn.preparedQuery("SELECT operation, request_hash, status_code, response FROM idempotency_keys WHERE agency_id = $1 AND key = $2")
                .execute(Tuple.of(agencyId, key))
                .map(rows -> {
                  Row r = rows.iterator().next();
                  return Optional.of(new Stored(r.getString("operation"), r.getString("request_hash"),
                      r.getInteger("status_code"), (JsonObject) r.getJson("response")));
                }));
  }

  static Future<Void> complete(SqlConnection conn, long agencyId, String key, int status, JsonObject response) {
    return conn.preparedQuery("UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE agency_id = $1 AND key = $2")
        .execute(Tuple.of(agencyId, key, status, response)).mapEmpty();
  }
}
