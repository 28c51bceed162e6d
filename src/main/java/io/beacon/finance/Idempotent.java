package io.beacon.finance;

import io.beacon.platform.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a money request in one database transaction with Stripe-style idempotency: the key is claimed
 * in the same transaction as the ledger rows, so a retry with the same key and body gets the first
 * response and changes nothing; the same key with another body (or operation) is refused with 422.
 * A concurrent retry waits for the first to commit. Deadlocks are retried. Work to do after the
 * commit (telling live) runs only for the first, successful request, before it is answered (it must
 * not fail the request: the money has moved).
 */
final class Idempotent {
  /** What the work produced: HTTP status, body, and what to do once committed. */
  record Result(int status, JsonObject body, Supplier<Future<Void>> afterCommit) {
    Result(int status, JsonObject body) { this(status, body, null); }
  }

  /** What the caller answers. */
  record Outcome(int status, JsonObject body, boolean replayed) {}

  private record Step(Result result, boolean replayed) {}

  private static final int ATTEMPTS = 4;

  private final Pool pg;
  private final FinanceStore store;

  Idempotent(Pool pg, FinanceStore store) {
    this.pg = pg;
    this.store = store;
  }

  Future<Outcome> run(long agencyId, String key, String operation, JsonObject request, Function<SqlConnection, Future<Result>> work) {
    return attempt(agencyId, key, operation, request, work, 1);
  }

  private Future<Outcome> attempt(long agencyId, String key, String operation, JsonObject request,
                                  Function<SqlConnection, Future<Result>> work, int attempt) {
    Future<Step> tx = pg.withTransaction(conn -> {
      if (key == null) return work.apply(conn).map(r -> new Step(r, false));
      String hash = hash(operation, request);
      return store.claimKey(conn, agencyId, key, operation, hash).compose(stored -> {
        if (stored.isPresent()) {
          var s = stored.get();
          if (!s.operation().equals(operation) || !s.requestHash().equals(hash)) {
            return Future.failedFuture(new ApiException(422, "idempotency-key-reused",
                "This Idempotency-Key was used with a different request", null, null));
          }
          if (s.status() == null) {
            return Future.failedFuture(ApiException.conflict("idempotency-in-progress", "The first request with this Idempotency-Key is still running"));
          }
          return Future.succeededFuture(new Step(new Result(s.status(), s.response()), true));
        }
        return work.apply(conn).compose(r -> store.completeKey(conn, agencyId, key, r.status(), r.body())
            .map(v -> new Step(r, false)));
      });
    });
    return tx.compose(step -> {
      Outcome outcome = new Outcome(step.result().status(), step.result().body(), step.replayed());
      if (step.replayed() || step.result().afterCommit() == null) return Future.succeededFuture(outcome);
      return step.result().afterCommit().get().map(outcome);
    }).recover(e -> {
      if (attempt < ATTEMPTS && e instanceof PgException pg
          && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()))) {
        return attempt(agencyId, key, operation, request, work, attempt + 1);
      }
      return Future.failedFuture(e);
    });
  }

  /** SHA-256 of the operation and the request with object keys sorted (so key order does not matter). */
  static String hash(String operation, JsonObject request) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(operation.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      md.update(canonical(request).getBytes(StandardCharsets.UTF_8));
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
