package io.beacon.finance;

import io.beacon.platform.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a money request in one database transaction under its idempotency key ({@link Idempotency}:
 * claimed with the ledger rows, a retry gets the first answer, another request under the key a 422).
 * Deadlocks are retried. Work to do after the commit (telling live) runs only for the first, successful
 * request, before it is answered (it must not fail the request: the money has moved).
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

  Idempotent(Pool pg) { this.pg = pg; }

  Future<Outcome> run(long agencyId, String key, String operation, JsonObject request, Function<SqlConnection, Future<Result>> work) {
    return attempt(agencyId, key, operation, request, work, 1);
  }

  private Future<Outcome> attempt(long agencyId, String key, String operation, JsonObject request,
                                  Function<SqlConnection, Future<Result>> work, int attempt) {
    Future<Step> tx = pg.withTransaction(conn -> Idempotency.claim(conn, agencyId, key, operation, request)
        .compose(first -> first.isPresent()
            ? Future.succeededFuture(new Step(new Result(first.get().status(), first.get().body()), true))
            : work.apply(conn).compose(r -> Idempotency.complete(conn, agencyId, key, r.status(), r.body()).map(v -> new Step(r, false)))));
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
}
