package io.beacon.notices;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SQL of the message center and of work-notice subscriptions. Every query is scoped by agency. */
public final class NoticeStore {
  /**
   * Notices one reader may see: $1 agency, $2 assigned staff (dedicated) or null, $3 only client or
   * null, $4 the reader's staff id (addressed notices), $5 the reader's identity (read state).
   * Agency-wide notices (no client) are not shown inside a single client's view.
   */
  private static final String VISIBLE = "n.agency_id = $1 AND (n.staff_id IS NULL OR n.staff_id = $4)"
      + " AND ((n.client_id IS NULL AND $3::bigint IS NULL) OR (n.client_id IS NOT NULL AND "
      + ClientScope.condition("n.agency_id", "n.client_id", 1) + "))";
  private static final String UNREAD = "NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.identity_id = $5 AND r.notice_id = n.id)";

  /** Who reads: the scope of clients, the staff member (null for an advertiser) and the identity. */
  public record Reader(ClientScope scope, Long staffId, long identityId) {
    Tuple tuple() { return scope.addTo(Tuple.tuple()).addLong(staffId).addLong(identityId); }
  }

  private final Pool pg;

  public NoticeStore(Pool pg) { this.pg = pg; }

  public Future<Notice> insert(long agencyId, Long clientId, Long staffId, NoticeKind kind, String title, String body,
                               NoticeText text, String link, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO notices (agency_id, client_id, staff_id, kind, title, body, link, created_at, template, params)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *, false AS read""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addLong(staffId).addString(kind.dbValue())
            .addString(title).addString(body == null ? "" : body).addString(link).addValue(utc(at))
            .addString(text == null ? null : text.template()).addValue(text == null ? new io.vertx.core.json.JsonObject() : text.params()))
        .map(rows -> notice(rows.iterator().next()));
  }

  /** A page of visible notices, newest first, after {@code beforeId} (exclusive) when given. */
  public Future<List<Notice>> list(Reader reader, NoticeKind kind, Boolean unread, Long clientId, Long beforeId, int limit) {
    String sql = "SELECT n.*, NOT " + UNREAD + " AS read FROM notices n WHERE " + VISIBLE
        + " AND ($6::text IS NULL OR n.kind = $6) AND ($7::boolean IS NULL OR (" + UNREAD + ") = $7)"
        + " AND ($8::bigint IS NULL OR n.client_id = $8) AND ($9::bigint IS NULL OR n.id < $9)"
        + " ORDER BY n.id DESC LIMIT $10";
    return pg.preparedQuery(sql)
        .execute(reader.tuple().addString(kind == null ? null : kind.dbValue()).addValue(unread).addLong(clientId)
            .addLong(beforeId).addInteger(limit))
        .map(rows -> {
          List<Notice> out = new ArrayList<>();
          rows.forEach(r -> out.add(notice(r)));
          return out;
        });
  }

  /** Unread notices per kind (kinds without unread notices are absent). */
  public Future<Map<NoticeKind, Long>> unreadByKind(Reader reader) {
    return pg.preparedQuery("SELECT n.kind, count(*) AS c FROM notices n WHERE " + VISIBLE + " AND " + UNREAD + " GROUP BY n.kind")
        .execute(reader.tuple())
        .map(rows -> {
          Map<NoticeKind, Long> out = new TreeMap<>();
          rows.forEach(r -> NoticeKind.parse(r.getString("kind")).ifPresent(k -> out.put(k, r.getLong("c"))));
          return out;
        });
  }

  /** Marks one visible notice read; false when the reader cannot see it. */
  public Future<Boolean> markRead(Reader reader, long noticeId, Instant at) {
    return pg.preparedQuery("INSERT INTO notice_reads (notice_id, identity_id, read_at) SELECT n.id, $5, $7 FROM notices n WHERE "
            + VISIBLE + " AND n.id = $6 ON CONFLICT DO NOTHING RETURNING notice_id")
        .execute(reader.tuple().addLong(noticeId).addValue(utc(at)))
        .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture(true)
            : pg.preparedQuery("SELECT 1 FROM notices n WHERE " + VISIBLE + " AND n.id = $6")
                .execute(reader.tuple().addLong(noticeId)).map(found -> found.size() > 0));
  }

  /** Marks every visible unread notice (of one kind, when given) read; returns how many. */
  public Future<Integer> markAllRead(Reader reader, NoticeKind kind, Instant at) {
    return pg.preparedQuery("INSERT INTO notice_reads (notice_id, identity_id, read_at) SELECT n.id, $5, $7 FROM notices n WHERE "
            + VISIBLE + " AND " + UNREAD + " AND ($6::text IS NULL OR n.kind = $6) ON CONFLICT DO NOTHING")
        .execute(reader.tuple().addString(kind == null ? null : kind.dbValue()).addValue(utc(at)))
        .map(rows -> rows.rowCount());
  }

  public Future<Subscription> subscription(long agencyId, long staffId) {
    return pg.preparedQuery("SELECT * FROM notice_subscriptions WHERE agency_id = $1 AND staff_id = $2")
        .execute(Tuple.of(agencyId, staffId))
        .map(rows -> rows.size() == 0 ? null : subscription(rows.iterator().next()));
  }

  public Future<Subscription> saveSubscription(Subscription s, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO notice_subscriptions (staff_id, agency_id, kinds, client_ids, webhook_url, secret, enabled, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (staff_id) DO UPDATE SET kinds = EXCLUDED.kinds, client_ids = EXCLUDED.client_ids,
              webhook_url = EXCLUDED.webhook_url, secret = coalesce(EXCLUDED.secret, notice_subscriptions.secret),
              enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
            WHERE notice_subscriptions.agency_id = EXCLUDED.agency_id
            RETURNING *""")
        .execute(Tuple.tuple().addLong(s.staffId()).addLong(s.agencyId())
            .addArrayOfString(s.kinds().stream().map(NoticeKind::dbValue).toArray(String[]::new))
            .addArrayOfLong(s.clientIds().toArray(Long[]::new)).addString(s.webhookUrl()).addString(s.secret())
            .addBoolean(s.enabled()).addValue(utc(at)))
        .map(rows -> subscription(rows.iterator().next()));
  }

  public Future<Boolean> deleteSubscription(long agencyId, long staffId) {
    return pg.preparedQuery("DELETE FROM notice_subscriptions WHERE agency_id = $1 AND staff_id = $2")
        .execute(Tuple.of(agencyId, staffId)).map(rows -> rows.rowCount() > 0);
  }

  /** Enabled subscriptions of active staff who want this notice and may see its client. */
  public Future<List<Subscription>> subscribersOf(Notice n) {
    return pg.preparedQuery("""
            SELECT s.* FROM notice_subscriptions s JOIN staff st ON st.id = s.staff_id AND st.agency_id = s.agency_id
            WHERE s.agency_id = $1 AND s.enabled AND st.status = 'active' AND $2 = ANY(s.kinds)
              AND ($3::bigint IS NULL OR cardinality(s.client_ids) = 0 OR $3 = ANY(s.client_ids))
              AND ($3::bigint IS NULL OR st.role <> 'dedicated'
                   OR EXISTS (SELECT 1 FROM staff_clients sc WHERE sc.staff_id = s.staff_id AND sc.client_id = $3))
              AND ($4::bigint IS NULL OR s.staff_id = $4)""")
        .execute(Tuple.tuple().addLong(n.agencyId()).addString(n.kind().dbValue()).addLong(n.clientId()).addLong(n.staffId()))
        .map(rows -> {
          List<Subscription> out = new ArrayList<>();
          rows.forEach(r -> out.add(subscription(r)));
          return out;
        });
  }

  /** The ids among {@code clientIds} that the scope may see (to refuse subscriptions to others' clients). */
  public Future<List<Long>> visibleClients(ClientScope scope, List<Long> clientIds) {
    return pg.preparedQuery("SELECT c.id FROM clients c WHERE " + ClientScope.condition("c.agency_id", "c.id", 1) + " AND c.id = ANY($4)")
        .execute(scope.addTo(Tuple.tuple()).addArrayOfLong(clientIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** The agency of a client (alerts name only the client). */
  public Future<Long> agencyOfClient(long clientId) {
    return pg.preparedQuery("SELECT agency_id FROM clients WHERE id = $1").execute(Tuple.of(clientId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  static OffsetDateTime utc(Instant at) { return at.atOffset(ZoneOffset.UTC); }

  private static Notice notice(Row r) {
    return new Notice(r.getLong("id"), r.getLong("agency_id"), r.getLong("client_id"), r.getLong("staff_id"),
        NoticeKind.parse(r.getString("kind")).orElseThrow(), r.getString("title"), r.getString("body"), r.getString("link"),
        r.getOffsetDateTime("created_at").toInstant(), Boolean.TRUE.equals(r.getBoolean("read")),
        r.getString("template") == null ? null : NoticeText.of(r.getString("template"), (io.vertx.core.json.JsonObject) r.getValue("params")));
  }

  private static Subscription subscription(Row r) {
    List<NoticeKind> kinds = Arrays.stream(r.getArrayOfStrings("kinds")).map(k -> NoticeKind.parse(k).orElseThrow()).toList();
    return new Subscription(r.getLong("staff_id"), r.getLong("agency_id"), kinds, List.of(r.getArrayOfLongs("client_ids")),
        r.getString("webhook_url"), r.getString("secret"), r.getBoolean("enabled"));
  }
}
