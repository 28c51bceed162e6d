package io.beacon.live.push;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** SQL of webhook subscriptions, the per-agency stream cursor, the delivery outbox and the attempt log. */
final class WebhookStore {
  private final Pool pg;

  WebhookStore(Pool pg) { this.pg = pg; }

  /** A message read from an agency stream: routing fields, parsed body, and the JSON text as pushed. */
  record StreamEntry(Outbound routing, JsonObject message) {}

  /** A delivery to enqueue. */
  record NewDelivery(long webhookId, String seq, String type, String body) {}

  /** A claimed delivery with what sending needs; {@code webhookId} is null for a direct (work-notice) delivery. */
  record Due(long id, long agencyId, Long webhookId, String type, String body, int attempt, String url, String secret) {}

  record Enqueued(int deliveries, boolean more) {}

  private static final String COLUMNS = """
      id, agency_id, name, url, secret, format, topics, kinds, client_ids, min_level, enabled, consecutive_failures,
      disabled_reason, created_at, updated_at""";

  Future<Webhook> create(long agencyId, Webhook.Spec s, Long createdBy) {
    return pg.preparedQuery("""
            INSERT INTO webhooks (agency_id, name, url, secret, format, topics, kinds, client_ids, min_level, enabled, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING""" + " " + COLUMNS)
        .execute(specTuple(Tuple.of(agencyId), s).addLong(createdBy))
        .map(rows -> webhook(rows.iterator().next()));
  }

  Future<List<Webhook>> list(long agencyId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE agency_id = $1 ORDER BY id")
        .execute(Tuple.of(agencyId)).map(WebhookStore::webhooks);
  }

  Future<Optional<Webhook>> find(long agencyId, long id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, id)).map(rows -> webhooks(rows).stream().findFirst());
  }

  /** Replaces the subscription; re-enabling clears the failure count. The secret stays unless a new one is given. */
  Future<Optional<Webhook>> update(long agencyId, long id, Webhook.Spec s) {
    return pg.preparedQuery("""
            UPDATE webhooks SET name = $2, url = $3, secret = coalesce($4, secret), format = $5, topics = $6, kinds = $7,
                   client_ids = $8, min_level = $9, enabled = $10, updated_at = now(),
                   consecutive_failures = CASE WHEN $10 AND NOT enabled THEN 0 ELSE consecutive_failures END,
                   disabled_reason = CASE WHEN $10 THEN NULL ELSE disabled_reason END
             WHERE agency_id = $1 AND id = $11 RETURNING""" + " " + COLUMNS)
        .execute(specTuple(Tuple.of(agencyId), s).addLong(id))
        .map(rows -> webhooks(rows).stream().findFirst());
  }

  Future<Boolean> delete(long agencyId, long id) {
    return pg.preparedQuery("DELETE FROM webhooks WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, id)).map(rows -> rows.rowCount() > 0);
  }

  /** Whether every id is a client of the agency. */
  Future<Boolean> clientsBelong(long agencyId, List<Long> clientIds) {
    if (clientIds.isEmpty()) return Future.succeededFuture(true);
    return pg.preparedQuery("SELECT count(*) FROM clients WHERE agency_id = $1 AND id = ANY($2)")
        .execute(Tuple.of(agencyId).addArrayOfLong(clientIds.toArray(Long[]::new)))
        .map(rows -> rows.iterator().next().getLong(0) == clientIds.stream().distinct().count());
  }

  Future<List<Long>> agenciesWithWebhooks() {
    return pg.query("SELECT DISTINCT agency_id FROM webhooks WHERE enabled").execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      for (Row r : rows) ids.add(r.getLong(0));
      return ids;
    });
  }

  /** The agency's stream is turned into deliveries from {@code seq} on (first subscription only). */
  Future<Void> startCursor(long agencyId, String seq) {
    return pg.preparedQuery("INSERT INTO webhook_cursors (agency_id, last_seq) VALUES ($1, $2) ON CONFLICT (agency_id) DO NOTHING")
        .execute(Tuple.of(agencyId, seq)).mapEmpty();
  }

  /**
   * Reads the stream after the agency's cursor, enqueues the matching deliveries and advances the cursor
   * in one transaction (the cursor row lock keeps instances from enqueuing the same entries twice).
   */
  Future<Enqueued> enqueue(long agencyId, Function<String, Future<List<StreamEntry>>> read,
                           BiFunction<List<Webhook>, List<StreamEntry>, List<NewDelivery>> match, int batch) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT last_seq FROM webhook_cursors WHERE agency_id = $1 FOR UPDATE")
        .execute(Tuple.of(agencyId))
        .compose(cursor -> {
          if (cursor.size() == 0) return Future.succeededFuture(new Enqueued(0, false));
          return read.apply(cursor.iterator().next().getString(0)).compose(entries -> {
            if (entries.isEmpty()) return Future.succeededFuture(new Enqueued(0, false));
            String last = entries.get(entries.size() - 1).routing().seq;
            return conn.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE agency_id = $1 AND enabled")
                .execute(Tuple.of(agencyId))
                .compose(rows -> {
                  List<NewDelivery> deliveries = match.apply(webhooks(rows), entries);
                  List<Tuple> tuples = deliveries.stream()
                      .map(d -> Tuple.of(agencyId, d.webhookId(), d.seq(), d.type(), d.body())).toList();
                  Future<?> inserted = tuples.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
                          INSERT INTO webhook_deliveries (agency_id, webhook_id, event_seq, event_type, body)
                          VALUES ($1, $2, $3, $4, $5) ON CONFLICT (webhook_id, event_seq) DO NOTHING""").executeBatch(tuples);
                  return inserted.compose(v -> conn.preparedQuery(
                          "UPDATE webhook_cursors SET last_seq = $2, updated_at = now() WHERE agency_id = $1")
                      .execute(Tuple.of(agencyId, last)));
                })
                .map(v -> new Enqueued(entries.size(), entries.size() >= batch));
          });
        }));
  }

  Future<Long> insertDelivery(long agencyId, long webhookId, String type, String body) {
    return pg.preparedQuery("""
            INSERT INTO webhook_deliveries (agency_id, webhook_id, event_type, body) VALUES ($1, $2, $3, $4) RETURNING id""")
        .execute(Tuple.of(agencyId, webhookId, type, body)).map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * A direct delivery (no subscription: the url and secret travel with it), inserted already claimed
   * by the caller for its first attempt; retries are claimed like any other due row.
   */
  Future<Due> insertDirect(long agencyId, String url, String secret, String type, String body, Instant now) {
    return pg.preparedQuery("""
            INSERT INTO webhook_deliveries (agency_id, event_type, body, url, secret, attempts, locked_until)
            VALUES ($1, $2, $3, $4, $5, 1, $6::timestamptz + interval '2 minutes') RETURNING id""")
        .execute(Tuple.of(agencyId, type, body, url, secret, utc(now)))
        .map(rows -> new Due(rows.iterator().next().getLong(0), agencyId, null, type, body, 1, url, secret));
  }

  /**
   * Claims due deliveries of enabled subscriptions and direct ones (SKIP LOCKED: instances share the
   * work) and counts the attempt. A claim lasts two minutes: a row whose sender died is retried then.
   */
  Future<List<Due>> claimDue(Instant now, int limit) {
    return pg.preparedQuery("""
            UPDATE webhook_deliveries d SET locked_until = $1::timestamptz + interval '2 minutes', attempts = d.attempts + 1
             WHERE d.id IN (
                   SELECT x.id FROM webhook_deliveries x
                    WHERE x.status = 'pending' AND x.next_attempt_at <= $1 AND (x.locked_until IS NULL OR x.locked_until < $1)
                      AND (x.webhook_id IS NULL OR EXISTS (SELECT 1 FROM webhooks e WHERE e.id = x.webhook_id AND e.enabled))
                    ORDER BY x.next_attempt_at LIMIT $2 FOR UPDATE OF x SKIP LOCKED)
            RETURNING d.id, d.agency_id, d.webhook_id, d.event_type, d.body, d.attempts,
                      coalesce(d.url, (SELECT w.url FROM webhooks w WHERE w.id = d.webhook_id)) AS url,
                      coalesce(d.secret, (SELECT w.secret FROM webhooks w WHERE w.id = d.webhook_id)) AS secret""")
        .execute(Tuple.of(utc(now), limit))
        .map(rows -> {
          List<Due> due = new ArrayList<>();
          for (Row r : rows) {
            due.add(new Due(r.getLong("id"), r.getLong("agency_id"), r.getLong("webhook_id"), r.getString("event_type"),
                r.getString("body"), r.getInteger("attempts"), r.getString("url"), r.getString("secret")));
          }
          return due;
        });
  }

  /**
   * Logs one attempt and settles the delivery: delivered, retried at {@code retryAt}, or failed for good
   * ({@code retryAt} null). A failed attempt counts against the subscription (if any), which is disabled
   * after {@code disableAfter} consecutive failures; a success resets the count.
   */
  Future<Void> recordAttempt(Due d, Integer statusCode, int latencyMs, String error, boolean ok, Instant retryAt, int disableAfter) {
    String status = ok ? "delivered" : retryAt == null ? "failed" : "pending";
    return pg.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO webhook_attempts (agency_id, delivery_id, attempt, status_code, latency_ms, error)
            VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.of(d.agencyId(), d.id(), d.attempt(), statusCode, latencyMs, error))
        .compose(v -> conn.preparedQuery("""
                UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_error = $4, locked_until = NULL,
                       delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
                       next_attempt_at = coalesce($5, next_attempt_at)
                 WHERE id = $1""")
            .execute(Tuple.of(d.id(), status, statusCode, error, retryAt == null ? null : utc(retryAt))))
        .compose(v -> conn.preparedQuery("""
                UPDATE webhooks SET consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures + 1 END,
                       enabled = enabled AND ($2 OR consecutive_failures + 1 < $3::int),
                       disabled_reason = CASE WHEN NOT $2 AND consecutive_failures + 1 >= $3::int
                                              THEN 'disabled after ' || $3::int || ' consecutive failed attempts'
                                              ELSE disabled_reason END
                 WHERE id = $1""")
            .execute(Tuple.of(d.webhookId(), ok, disableAfter)))
        .mapEmpty());
  }

  /** One page of a subscription's deliveries, newest first, each with its attempts. */
  Future<List<JsonObject>> deliveries(long agencyId, long webhookId, Long beforeId, int limit) {
    return pg.preparedQuery("""
            SELECT id, event_seq, event_type, status, attempts, next_attempt_at, last_status_code, last_error, created_at,
                   delivered_at
              FROM webhook_deliveries
             WHERE agency_id = $1 AND webhook_id = $2 AND ($3::bigint IS NULL OR id < $3)
             ORDER BY id DESC LIMIT $4""")
        .execute(Tuple.of(agencyId, webhookId, beforeId, limit))
        .compose(rows -> {
          Map<Long, JsonObject> byId = new HashMap<>();
          List<JsonObject> items = new ArrayList<>();
          for (Row r : rows) {
            JsonObject d = new JsonObject().put("id", r.getLong("id")).put("eventSeq", r.getString("event_seq"))
                .put("eventType", r.getString("event_type")).put("status", r.getString("status"))
                .put("attempts", r.getInteger("attempts")).put("lastStatusCode", r.getInteger("last_status_code"))
                .put("lastError", r.getString("last_error")).put("createdAt", iso(r.getOffsetDateTime("created_at")))
                .put("deliveredAt", iso(r.getOffsetDateTime("delivered_at")))
                .put("nextAttemptAt", "pending".equals(r.getString("status")) ? iso(r.getOffsetDateTime("next_attempt_at")) : null)
                .put("log", new JsonArray());
            byId.put(r.getLong("id"), d);
            items.add(d);
          }
          if (items.isEmpty()) return Future.succeededFuture(items);
          return pg.preparedQuery("""
                  SELECT delivery_id, attempt, at, status_code, latency_ms, error FROM webhook_attempts
                   WHERE agency_id = $1 AND delivery_id = ANY($2) ORDER BY delivery_id, attempt""")
              .execute(Tuple.of(agencyId).addArrayOfLong(byId.keySet().toArray(Long[]::new)))
              .map(attempts -> {
                for (Row a : attempts) {
                  byId.get(a.getLong("delivery_id")).getJsonArray("log").add(new JsonObject()
                      .put("attempt", a.getInteger("attempt")).put("at", iso(a.getOffsetDateTime("at")))
                      .put("statusCode", a.getInteger("status_code")).put("latencyMs", a.getInteger("latency_ms"))
                      .put("error", a.getString("error")));
                }
                return items;
              });
        });
  }

  private static Tuple specTuple(Tuple t, Webhook.Spec s) {
    return t.addString(s.name()).addString(s.url()).addString(s.secret()).addString(s.format())
        .addArrayOfString(s.topics().toArray(String[]::new)).addArrayOfString(s.kinds().toArray(String[]::new))
        .addArrayOfLong(s.clientIds().toArray(Long[]::new)).addInteger(s.minLevel()).addBoolean(s.enabled());
  }

  private static List<Webhook> webhooks(RowSet<Row> rows) {
    List<Webhook> list = new ArrayList<>();
    for (Row r : rows) list.add(webhook(r));
    return list;
  }

  private static Webhook webhook(Row r) {
    return new Webhook(r.getLong("id"), r.getLong("agency_id"), r.getString("name"), r.getString("url"), r.getString("secret"),
        r.getString("format"), Arrays.asList(r.getArrayOfStrings("topics")), Arrays.asList(r.getArrayOfStrings("kinds")),
        Arrays.asList(r.getArrayOfLongs("client_ids")), r.getInteger("min_level"), r.getBoolean("enabled"),
        r.getInteger("consecutive_failures"), r.getString("disabled_reason"), r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant());
  }

  private static OffsetDateTime utc(Instant i) { return OffsetDateTime.ofInstant(i, ZoneOffset.UTC); }

  private static String iso(OffsetDateTime t) { return t == null ? null : t.toInstant().toString(); }
}
