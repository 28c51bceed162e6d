package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of alerts and their timelines; reads are scoped by agency and the caller's client scope. Every
 * change of an alert writes its timeline step in the same statement, so the timeline never misses one.
 */
final class AlertStore {
  /** Who an alert is with, in escalation order. */
  static final List<String> STEPS = List.of("dedicated", "admins", "main");

  record Alert(long id, long agencyId, long clientId, String clientName, String kind, Integer level, String status,
               JsonObject figures, OffsetDateTime openedAt, OffsetDateTime clearedAt, JsonObject clearedFigures,
               OffsetDateTime ackedAt, Long ackedBy, String cause, String ackReason, OffsetDateTime snoozedUntil,
               Long snoozedBy, String snoozeReason, String escalationStep, OffsetDateTime escalateAt) {
    /** open, acknowledged, snoozed or cleared. */
    String state() {
      if ("cleared".equals(status)) return "cleared";
      if (snoozedUntil != null) return "snoozed";
      return ackedAt != null ? "acknowledged" : "open";
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("clientName", clientName).put("kind", kind)
          .put("cause", cause.isEmpty() ? null : cause).put("level", level).put("status", status).put("state", state())
          .put("figures", figures)
          .put("openedAt", openedAt.toInstant().toString())
          .put("clearedAt", iso(clearedAt))
          .put("clearedFigures", clearedFigures)
          .put("ackedAt", iso(ackedAt))
          .put("ackedBy", ackedBy)
          .put("ackReason", ackReason)
          .put("snoozedUntil", iso(snoozedUntil))
          .put("snoozedBy", snoozedBy)
          .put("snoozeReason", snoozeReason)
          .put("escalationStep", escalationStep)
          .put("escalateAt", iso(escalateAt));
    }
  }

  /** One step of an alert's timeline: what happened, when, who did it (null: Beacon) and its details. */
  record Step(long id, OffsetDateTime at, String step, Long staffId, String staffName, JsonObject detail) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("at", at.toInstant().toString()).put("step", step).put("staffId", staffId)
          .put("staffName", staffName).put("detail", detail);
    }
  }

  /** A staff member an alert goes to. */
  record Recipient(long staffId, String name, String role) {
    JsonObject toJson() { return new JsonObject().put("staffId", staffId).put("name", name).put("role", role); }
  }

  /** Filters of GET /alerts; {@code assignee} is the staff id of the client's dedicated employee. */
  record Query(String status, String state, String kind, Long clientId, Long assignee, OffsetDateTime from, OffsetDateTime to,
               Long beforeId, int limit) {}

  private static final String COLUMNS = """
      a.id, a.agency_id, a.client_id, c.name, a.kind, a.level, a.status, a.figures, a.opened_at, a.cleared_at,
      a.cleared_figures, a.acked_at, a.acked_by, a.cause, a.ack_reason, a.snoozed_until, a.snoozed_by, a.snooze_reason,
      a.escalation_step, a.escalate_at""";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM alerts a JOIN clients c ON c.id = a.client_id";
  /** Reads back the rows a data-modifying CTE named {@code a} returned, with the client's name. */
  private static final String FROM_CHANGED = "SELECT " + COLUMNS + " FROM a JOIN clients c ON c.id = a.client_id";
  /** The state of GET /alerts?state= as SQL over {@code a}. */
  private static final String STATE = """
      CASE WHEN a.status = 'cleared' THEN 'cleared' WHEN a.snoozed_until IS NOT NULL THEN 'snoozed'
           WHEN a.acked_at IS NOT NULL THEN 'acknowledged' ELSE 'open' END""";

  private final Pool pg;

  AlertStore(Pool pg) { this.pg = pg; }

  /**
   * A timeline step for each row of CTE {@code a}: {@code at}, {@code staff} and {@code detail} are SQL
   * expressions over {@code a} and the statement's parameters.
   */
  private static String step(String name, String step, String at, String staff, String detail) {
    return ", " + name + " AS (INSERT INTO alert_events (agency_id, alert_id, at, step, staff_id, detail) SELECT a.agency_id, a.id, "
        + at + ", '" + step + "', " + staff + ", " + detail + " FROM a)\n";
  }

  /**
   * Opens an alert with the people it goes to first (the client's dedicated employee, or the admins when it
   * has none) and when it moves on; empty when one of this kind and cause is already open for the client.
   */
  Future<Optional<Alert>> open(long agencyId, long clientId, String kind, String cause, Integer level, JsonObject figures,
                               OffsetDateTime at, int escalationMinutes) {
    return pg.preparedQuery("""
            WITH a AS (INSERT INTO alerts (agency_id, client_id, kind, cause, level, figures, opened_at, escalation_step, escalate_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7,
                               CASE WHEN EXISTS (SELECT 1 FROM staff_clients sc JOIN staff st ON st.id = sc.staff_id
                                                 WHERE sc.agency_id = $1 AND sc.client_id = $2 AND st.role = 'dedicated'
                                                   AND st.status = 'active') THEN 'dedicated' ELSE 'admins' END,
                               $7::timestamptz + make_interval(mins => $8))
                       ON CONFLICT (agency_id, client_id, kind, cause) WHERE status = 'open' DO NOTHING RETURNING *)
            """ + step("e", "opened", "a.opened_at", "NULL::bigint", "jsonb_build_object('figures', a.figures, 'level', a.level)") + FROM_CHANGED)
        .execute(Tuple.of(agencyId, clientId, kind, cause, level, figures, at, escalationMinutes))
        .map(AlertStore::first);
  }

  Future<Optional<Alert>> openOne(long agencyId, long clientId, String kind, String cause) {
    return pg.preparedQuery(SELECT + " WHERE a.agency_id = $1 AND a.client_id = $2 AND a.kind = $3 AND a.cause = $4 AND a.status = 'open'")
        .execute(Tuple.of(agencyId, clientId, kind, cause)).map(AlertStore::first);
  }

  /**
   * A budget alert crossed another threshold: same alert, new level and figures; acknowledgement and snooze
   * end (the condition got worse), and it waits for an acknowledgement again.
   */
  Future<Optional<Alert>> raiseLevel(long agencyId, long id, int level, JsonObject figures, OffsetDateTime at, int escalationMinutes) {
    return pg.preparedQuery("""
            WITH old AS (SELECT id, level, snoozed_until IS NOT NULL OR acked_at IS NOT NULL AS quiet FROM alerts
                         WHERE agency_id = $1 AND id = $2 AND status = 'open' FOR UPDATE),
            a AS (UPDATE alerts SET level = $3, figures = $4, acked_at = NULL, acked_by = NULL, ack_reason = NULL,
                         snoozed_until = NULL, snoozed_by = NULL, snooze_reason = NULL,
                         escalate_at = CASE WHEN escalation_step = 'main' THEN NULL ELSE $5::timestamptz + make_interval(mins => $6) END
                  FROM old WHERE alerts.id = old.id RETURNING alerts.*, old.level AS old_level, old.quiet)
            """ + step("e", "level-raised", "$5::timestamptz", "NULL::bigint",
            "jsonb_build_object('fromLevel', a.old_level, 'toLevel', a.level, 'figures', a.figures, 'rearmed', a.quiet)") + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, level, figures, at, escalationMinutes)).map(AlertStore::first);
  }

  /**
   * Ends an acknowledgement or snooze: when the snooze is over ({@code snoozeEnded}), or — for any quiet
   * alert — when the condition crossed into its next level. The alert waits for an acknowledgement again.
   */
  Future<Optional<Alert>> rearm(long agencyId, long id, JsonObject because, OffsetDateTime at, int escalationMinutes, boolean snoozeEnded) {
    String due = snoozeEnded ? "snoozed_until <= $4" : "(snoozed_until IS NOT NULL OR acked_at IS NOT NULL)";
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET acked_at = NULL, acked_by = NULL, ack_reason = NULL,
                         snoozed_until = NULL, snoozed_by = NULL, snooze_reason = NULL,
                         escalate_at = CASE WHEN escalation_step = 'main' THEN NULL ELSE $4::timestamptz + make_interval(mins => $5) END
                       WHERE agency_id = $1 AND id = $2 AND status = 'open' AND\s""" + due + " RETURNING *)\n"
            + step("e", "rearmed", "$4::timestamptz", "NULL::bigint", "$3::jsonb") + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, because, at, escalationMinutes)).map(AlertStore::first);
  }

  Future<Optional<Alert>> clear(long agencyId, long id, JsonObject figures, OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET status = 'cleared', cleared_at = $4, cleared_figures = $3, escalate_at = NULL
                       WHERE agency_id = $1 AND id = $2 AND status = 'open' RETURNING *)
            """ + step("e", "cleared", "$4::timestamptz", "NULL::bigint", "jsonb_build_object('figures', $3::jsonb)") + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, figures, at)).map(AlertStore::first);
  }

  /** Clears the client's open alert of this kind and cause, if any. */
  Future<Optional<Alert>> clear(long agencyId, long clientId, String kind, String cause, JsonObject figures, OffsetDateTime at) {
    return openOne(agencyId, clientId, kind, cause)
        .compose(open -> open.isEmpty() ? Future.succeededFuture(Optional.empty()) : clear(agencyId, open.get().id(), figures, at));
  }

  /** Newest first, keyset-paged by id. */
  Future<List<Alert>> list(ClientScope scope, Query q) {
    Tuple t = scope.addTo(Tuple.tuple()).addString(q.status()).addString(q.kind()).addLong(q.clientId())
        .addOffsetDateTime(q.from()).addOffsetDateTime(q.to()).addLong(q.beforeId()).addInteger(q.limit())
        .addString(q.state()).addLong(q.assignee());
    return pg.preparedQuery(SELECT + " WHERE " + ClientScope.condition("a.agency_id", "a.client_id", 1) + """
            \sAND ($4::text IS NULL OR a.status = $4) AND ($5::text IS NULL OR a.kind = $5)
             AND ($6::bigint IS NULL OR a.client_id = $6)
             AND ($7::timestamptz IS NULL OR a.opened_at >= $7) AND ($8::timestamptz IS NULL OR a.opened_at < $8)
             AND ($9::bigint IS NULL OR a.id < $9)
             AND ($11::text IS NULL OR\s""" + STATE + """
             \s= $11)
             AND ($12::bigint IS NULL OR EXISTS (SELECT 1 FROM staff_clients sc
                                                WHERE sc.agency_id = a.agency_id AND sc.client_id = a.client_id AND sc.staff_id = $12))
            ORDER BY a.id DESC LIMIT $10""")
        .execute(t).map(AlertStore::all);
  }

  Future<Optional<Alert>> get(ClientScope scope, long id) {
    return pg.preparedQuery(SELECT + " WHERE " + ClientScope.condition("a.agency_id", "a.client_id", 1) + " AND a.id = $4")
        .execute(scope.addTo(Tuple.tuple()).addLong(id)).map(AlertStore::first);
  }

  /** The alert's timeline, oldest first (the caller has already seen the alert itself). */
  Future<List<Step>> timeline(long agencyId, long alertId) {
    return pg.preparedQuery("""
            SELECT e.id, e.at, e.step, e.staff_id, s.name, e.detail FROM alert_events e
            LEFT JOIN staff s ON s.id = e.staff_id AND s.agency_id = e.agency_id
            WHERE e.agency_id = $1 AND e.alert_id = $2 ORDER BY e.id""")
        .execute(Tuple.of(agencyId, alertId))
        .map(rows -> {
          List<Step> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Step(r.getLong(0), r.getOffsetDateTime(1), r.getString(2), r.getLong(3), r.getString(4), (JsonObject) r.getValue(5)));
          }
          return out;
        });
  }

  Future<List<Alert>> openForClient(ClientScope scope, long clientId) {
    return pg.preparedQuery(SELECT + " WHERE " + ClientScope.condition("a.agency_id", "a.client_id", 1)
            + " AND a.client_id = $4 AND a.status = 'open' ORDER BY a.id")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId)).map(AlertStore::all);
  }

  /** Acknowledges an alert not acknowledged yet; it stops moving on. Empty when none changed. */
  Future<Optional<Alert>> ack(ClientScope scope, long id, Long staffId, String reason, OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts a SET acked_at = $6, acked_by = $5, ack_reason = $7, escalate_at = NULL
                       WHERE a.id = $4 AND a.acked_at IS NULL AND\s""" + ClientScope.condition("a.agency_id", "a.client_id", 1) + """
             RETURNING *)
            """ + step("e", "acked", "$6::timestamptz", "$5::bigint", "jsonb_build_object('reason', $7::text)") + FROM_CHANGED)
        .execute(scope.addTo(Tuple.tuple()).addLong(id).addLong(staffId).addOffsetDateTime(at).addString(reason))
        .map(AlertStore::first);
  }

  /** Snoozes an open alert until {@code until}; it stops moving on meanwhile. Empty when none changed. */
  Future<Optional<Alert>> snooze(ClientScope scope, long id, Long staffId, OffsetDateTime until, String reason, OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts a SET snoozed_until = $6, snoozed_by = $5, snooze_reason = $7, escalate_at = NULL
                       WHERE a.id = $4 AND a.status = 'open' AND\s""" + ClientScope.condition("a.agency_id", "a.client_id", 1) + """
             RETURNING *)
            """ + step("e", "snoozed", "$8::timestamptz", "$5::bigint", "jsonb_build_object('until', $6::timestamptz, 'reason', $7::text)") + FROM_CHANGED)
        .execute(scope.addTo(Tuple.tuple()).addLong(id).addLong(staffId).addOffsetDateTime(until).addString(reason).addOffsetDateTime(at))
        .map(AlertStore::first);
  }

  /** Open alerts whose snooze is over (any agency), oldest first. */
  Future<List<Alert>> snoozesEnded(OffsetDateTime at, int limit) {
    return pg.preparedQuery(SELECT + " WHERE a.status = 'open' AND a.snoozed_until <= $1 ORDER BY a.snoozed_until LIMIT $2")
        .execute(Tuple.of(at, limit)).map(AlertStore::all);
  }

  /** Open alerts nobody acknowledged or snoozed in time (any agency), oldest first. */
  Future<List<Alert>> escalationsDue(OffsetDateTime at, int limit) {
    return pg.preparedQuery(SELECT + """
             WHERE a.status = 'open' AND a.escalate_at <= $1 AND a.acked_at IS NULL AND a.snoozed_until IS NULL
            ORDER BY a.escalate_at LIMIT $2""")
        .execute(Tuple.of(at, limit)).map(AlertStore::all);
  }

  /** Flapping alerts open for an hour (any agency): the client has been calm or held for that long. */
  Future<List<Alert>> flappingDone(OffsetDateTime openedBefore, int limit) {
    return pg.preparedQuery(SELECT + " WHERE a.status = 'open' AND a.kind = $1 AND a.opened_at <= $2 ORDER BY a.id LIMIT $3")
        .execute(Tuple.of(AlertRules.FLAPPING, openedBefore, limit)).map(AlertStore::all);
  }

  /**
   * Moves an alert from step {@code from} to {@code to} (once, however many instances try), with the
   * people it now goes to in the timeline; {@code nextAt} is when it moves on again (null: last step).
   */
  Future<Optional<Alert>> escalate(long agencyId, long id, String from, String to, OffsetDateTime nextAt, JsonObject detail,
                                   OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET escalation_step = $4, escalate_at = $5
                       WHERE agency_id = $1 AND id = $2 AND escalation_step = $3 AND status = 'open' AND escalate_at <= $7
                         AND acked_at IS NULL AND snoozed_until IS NULL RETURNING *)
            """ + step("e", "escalated", "$7::timestamptz", "NULL::bigint", "$6::jsonb") + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, from, to).addOffsetDateTime(nextAt).addValue(detail).addOffsetDateTime(at))
        .map(AlertStore::first);
  }

  /** A timeline step of its own (who an alert was pushed to). */
  Future<Void> record(long agencyId, long alertId, String step, Long staffId, JsonObject detail, OffsetDateTime at) {
    return pg.preparedQuery("INSERT INTO alert_events (agency_id, alert_id, at, step, staff_id, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(agencyId, alertId, at, step).addLong(staffId).addValue(detail)).mapEmpty();
  }

  /** The detail of the fix made on this alert with this idempotency key, or null. */
  Future<JsonObject> fixWithKey(long agencyId, long alertId, String idempotencyKey) {
    return pg.preparedQuery("""
            SELECT detail FROM alert_events WHERE agency_id = $1 AND alert_id = $2 AND step = 'fixed' AND detail->>'idempotencyKey' = $3
            ORDER BY id LIMIT 1""")
        .execute(Tuple.of(agencyId, alertId, idempotencyKey))
        .map(rows -> rows.size() == 0 ? null : (JsonObject) rows.iterator().next().getValue(0));
  }

  /** Active staff of an escalation step: the client's dedicated employees, the admins, or the main account. */
  Future<List<Recipient>> recipients(long agencyId, long clientId, String escalationStep) {
    String who = switch (escalationStep) {
      case "dedicated" -> "s.role = 'dedicated' AND EXISTS (SELECT 1 FROM staff_clients sc WHERE sc.staff_id = s.id AND sc.client_id = $2)";
      case "admins" -> "s.role = 'admin' AND $2::bigint IS NOT NULL";
      default -> "s.role = 'main' AND $2::bigint IS NOT NULL";
    };
    return pg.preparedQuery("SELECT s.id, s.name, s.role FROM staff s WHERE s.agency_id = $1 AND s.status = 'active' AND " + who
            + " ORDER BY s.id")
        .execute(Tuple.of(agencyId, clientId))
        .map(rows -> {
          List<Recipient> out = new ArrayList<>();
          for (Row r : rows) out.add(new Recipient(r.getLong(0), r.getString(1), r.getString(2)));
          return out;
        });
  }

  /** How many alerts of this kind and cause the client opened since {@code since} (flap control). */
  Future<Integer> openedSince(long agencyId, long clientId, String kind, String cause, OffsetDateTime since) {
    return pg.preparedQuery("""
            SELECT count(*) FROM alerts WHERE agency_id = $1 AND client_id = $2 AND kind = $3 AND cause = $4 AND opened_at >= $5""")
        .execute(Tuple.of(agencyId, clientId, kind, cause, since)).map(rows -> rows.iterator().next().getInteger(0));
  }

  private static Optional<Alert> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(alert(rows.iterator().next()));
  }

  private static List<Alert> all(RowSet<Row> rows) {
    List<Alert> out = new ArrayList<>();
    for (Row r : rows) out.add(alert(r));
    return out;
  }

  private static Alert alert(Row r) {
    return new Alert(r.getLong(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getInteger(5), r.getString(6),
        (JsonObject) r.getValue(7), r.getOffsetDateTime(8), r.getOffsetDateTime(9), (JsonObject) r.getValue(10),
        r.getOffsetDateTime(11), r.getLong(12), r.getString(13), r.getString(14), r.getOffsetDateTime(15), r.getLong(16),
        r.getString(17), r.getString(18), r.getOffsetDateTime(19));
  }

  private static String iso(OffsetDateTime t) { return t == null ? null : t.toInstant().toString(); }
}
