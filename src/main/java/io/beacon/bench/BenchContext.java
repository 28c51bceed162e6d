package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every scenario shares: the load generator's Vert.x, HTTP and WebSocket clients, demo logins and clients. */
final class BenchContext implements AutoCloseable {
  static final String PASSWORD = "beacon-demo";
  static final String INGEST_KEY = "demo-ingest-key";
  /** Demo staff whose dashboards the scenarios open, in the mix they are opened. */
  static final List<String> STAFF = List.of("main@demo", "admin@demo", "staff@demo", "dedicated@demo");

  final Vertx vertx = Vertx.vertx();
  final BenchTarget target;
  final WebClient http;
  final WebSocketClient ws;
  final Pool pg;
  final String host;
  final int port;
  final Map<String, String> tokens = new LinkedHashMap<>();
  final long agencyId;
  final List<Long> clientIds;
  final Set<Long> dedicatedClients;

  BenchContext(BenchTarget target) {
    this.target = target;
    URI uri = URI.create(target.baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20).setMaxConnections(20_000));
    this.pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(PgConnectOptions.fromUri(target.pgUrl)
        .setPipeliningLimit(256)).using(vertx).build();
    for (String account : STAFF) tokens.put(account, login(account).await());
    this.agencyId = pg.query("SELECT s.agency_id FROM staff s JOIN logins l ON l.id = s.login_id WHERE l.account = 'main@demo'")
        .execute().await().iterator().next().getLong(0);
    this.clientIds = pg.preparedQuery("SELECT id FROM clients WHERE agency_id = $1 AND status = 'active' ORDER BY id")
        .execute(Tuple.of(agencyId)).await().stream().map(r -> r.getLong(0)).toList();
    this.dedicatedClients = new HashSet<>(pg.preparedQuery(
        "SELECT sc.client_id FROM staff_clients sc JOIN staff s ON s.id = sc.staff_id JOIN logins l ON l.id = s.login_id "
            + "WHERE l.account = 'dedicated@demo'").execute().await().stream().map((Row r) -> r.getLong(0)).toList());
  }

  /**
   * Waits (at most {@code max}) until the server's start-up work in PostgreSQL has finished — e.g. the
   * data overview's first rollup over the demo history, due 10 s after start — so it does not overlap the
   * first scenarios: no other client backend active in 10 of the last 12 polls, a second apart (so at
   * least 12 s). Returns seconds waited.
   */
  double awaitSettled(Duration max) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    Deque<Boolean> quiet = new ArrayDeque<>();
    while (System.nanoTime() < deadline) {
      long busy = pg.query("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' "
          + "AND pid <> pg_backend_pid()").execute().await().iterator().next().getLong(0);
      quiet.addLast(busy == 0);
      if (quiet.size() > 12) quiet.removeFirst();
      if (quiet.size() == 12 && quiet.stream().filter(q -> q).count() >= 10) break;
      Thread.sleep(1000);
    }
    return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
  }

  Future<String> login(String account) {
    return http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("account", account).put("password", PASSWORD))
        .compose(r -> {
          JsonObject body = r.bodyAsJsonObject();
          if (r.statusCode() != 200) return Future.failedFuture("login " + account + ": " + r.statusCode() + " " + r.bodyAsString());
          if (body.containsKey("accessToken")) return Future.succeededFuture(body.getString("accessToken"));
          // Several identities: the agency one is what dashboards use.
          JsonObject agency = body.getJsonArray("identities").stream().map(JsonObject.class::cast)
              .filter(i -> "agency".equals(i.getString("kind"))).findFirst().orElseThrow();
          return http.post("/api/v1/auth/identity").sendJsonObject(new JsonObject()
                  .put("selectionToken", body.getString("selectionToken")).put("identityId", agency.getLong("id")))
              .map(t -> t.bodyAsJsonObject().getString("accessToken"));
        });
  }

  /** Whether the dashboard of {@code account} may see {@code clientId}. */
  boolean visible(String account, long clientId) {
    return !"dedicated@demo".equals(account) || dedicatedClients.contains(clientId);
  }

  /** POST one ingest batch; completes with the parsed response. */
  Future<JsonObject> ingest(Buffer batch) {
    return http.post("/api/v1/ingest/events").putHeader("X-Beacon-Ingest-Key", INGEST_KEY)
        .putHeader("Content-Type", "application/json").sendBuffer(batch)
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
            : Future.failedFuture("ingest " + r.statusCode() + " " + r.bodyAsString()));
  }

  List<Long> clientsVisibleTo(String account) {
    List<Long> out = new ArrayList<>();
    for (long id : clientIds) if (visible(account, id)) out.add(id);
    return out;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
