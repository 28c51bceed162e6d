package io.beacon.tickets;

import io.beacon.platform.DomainException.Invalid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** SQL of the ticket center: tickets, their timeline, pasted images. Agency-scoped except the operator's reads. */
public final class TicketStore {
  private static final String SELECT = """
      SELECT t.*, s.name AS submitter_name, l.account AS submitter_account
      FROM tickets t JOIN staff s ON s.id = t.submitter_staff_id JOIN logins l ON l.id = s.login_id""";

  /** The filters of the ticket list; {@code submitterId} restricts to one submitter (mine, or a non-global caller). */
  public record Query(Long agencyId, Long submitterId, TicketStatus status, Long id, String category, Long clientId,
                      LocalDate from, LocalDate to, String submitter, int page, int pageSize) {}

  public record Page(List<Ticket> items, long total) {}

  /** What an action does to a locked ticket: its new value, the timeline entry, the images (null: keep). */
  public record Transition(Ticket next, TicketEvent event, List<Long> images) {}

  /** An operator's action, written to the operation log in the same transaction. */
  public record OperatorAudit(String action, String ip, String requestId) {}

  public record Image(long id, long agencyId, Long ticketId, long uploadedBy, String contentType, Buffer data) {}

  private final Pool pg;

  public TicketStore(Pool pg) { this.pg = pg; }

  /** Inserts a submitted ticket, attaches its images and writes its first timeline entry. */
  public Future<Ticket> insert(SqlConnection conn, long agencyId, long staffId, TicketContent c, List<Long> images, Instant at) {
    return conn.preparedQuery("""
            INSERT INTO tickets (agency_id, client_id, submitter_staff_id, category, title, unit_id, occurred_from, occurred_to,
                                 spend_impact_fen, self_check_result, description, status, submitted_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'processing', $12, $12, $12) RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(c.clientId()).addLong(staffId).addString(c.category())
            .addString(c.title()).addString(c.unitId()).addValue(utc(c.occurredFrom())).addValue(utc(c.occurredTo()))
            .addLong(c.spendImpactFen()).addString(c.selfCheckResult()).addString(c.description()).addValue(utc(at)))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> attach(conn, agencyId, id, staffId, images)
            .compose(v -> event(conn, agencyId, id, new TicketEvent(at, "submitted", "staff", staffId, null, null,
                TicketStatus.PROCESSING, null)))
            .compose(v -> find(conn, agencyId, id)).map(Optional::orElseThrow));
  }

  public Future<Optional<Ticket>> find(long agencyId, long id) { return find(pg, agencyId, id); }

  /** A ticket by id for the operator (any agency). */
  public Future<Optional<Ticket>> findAny(long id) {
    return pg.preparedQuery(SELECT + " WHERE t.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ticket(rows.iterator().next())));
  }

  private static Future<Optional<Ticket>> find(SqlClient client, long agencyId, long id) {
    return client.preparedQuery(SELECT + " WHERE t.agency_id = $1 AND t.id = $2").execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ticket(rows.iterator().next())));
  }

  public Future<List<TicketEvent>> timeline(long agencyId, long ticketId) {
    return pg.preparedQuery("""
            SELECT e.*, s.name AS staff_name FROM ticket_events e LEFT JOIN staff s ON s.id = e.staff_id
            WHERE e.agency_id = $1 AND e.ticket_id = $2 ORDER BY e.id""")
        .execute(Tuple.of(agencyId, ticketId))
        .map(rows -> {
          List<TicketEvent> out = new ArrayList<>();
          rows.forEach(r -> out.add(new TicketEvent(r.getOffsetDateTime("at").toInstant(), r.getString("kind"), r.getString("actor"),
              r.getLong("staff_id"), r.getString("staff_name"), status(r.getString("from_status")),
              status(r.getString("to_status")), r.getString("note"))));
          return out;
        });
  }

  public Future<List<Long>> imageIds(long agencyId, long ticketId) {
    return pg.preparedQuery("SELECT id FROM ticket_images WHERE agency_id = $1 AND ticket_id = $2 ORDER BY id")
        .execute(Tuple.of(agencyId, ticketId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  public Future<Page> list(Query q) {
    String where = """
         FROM tickets t JOIN staff s ON s.id = t.submitter_staff_id JOIN logins l ON l.id = s.login_id
         JOIN agencies a ON a.id = t.agency_id
        WHERE ($1::bigint IS NULL OR t.agency_id = $1) AND ($2::bigint IS NULL OR t.submitter_staff_id = $2)
          AND ($3::text IS NULL OR t.status = $3) AND ($4::bigint IS NULL OR t.id = $4)
          AND ($5::text IS NULL OR t.category = $5) AND ($6::bigint IS NULL OR t.client_id = $6)
          AND ($7::date IS NULL OR t.submitted_at >= ($7::date)::timestamp AT TIME ZONE a.time_zone)
          AND ($8::date IS NULL OR t.submitted_at < ($8::date + 1)::timestamp AT TIME ZONE a.time_zone)
          AND ($9::text IS NULL OR strpos(lower(s.name), lower($9)) > 0 OR strpos(lower(l.account), lower($9)) > 0)""";
    Tuple args = Tuple.tuple().addLong(q.agencyId()).addLong(q.submitterId())
        .addString(q.status() == null ? null : q.status().dbValue()).addLong(q.id()).addString(q.category())
        .addLong(q.clientId()).addLocalDate(q.from()).addLocalDate(q.to()).addString(q.submitter());
    Future<Long> total = pg.preparedQuery("SELECT count(*)" + where).execute(args).map(rows -> rows.iterator().next().getLong(0));
    Tuple pageArgs = Tuple.tuple();
    for (int i = 0; i < args.size(); i++) pageArgs.addValue(args.getValue(i));
    pageArgs.addInteger(q.pageSize()).addInteger((q.page() - 1) * q.pageSize());
    Future<List<Ticket>> items = pg.preparedQuery("SELECT t.*, s.name AS submitter_name, l.account AS submitter_account" + where
            + " ORDER BY t.submitted_at DESC, t.id DESC LIMIT $10 OFFSET $11")
        .execute(pageArgs)
        .map(rows -> {
          List<Ticket> out = new ArrayList<>();
          rows.forEach(r -> out.add(ticket(r)));
          return out;
        });
    return Future.all(total, items).map(v -> new Page(items.result(), total.result()));
  }

  /**
   * Locks the ticket, lets {@code decide} judge it (throwing refuses and changes nothing), then writes
   * the new value, the timeline entry, the images and, for an operator, the operation log — one transaction.
   * {@code agencyId} null: any agency (the operator). Empty when no such ticket.
   */
  public Future<Optional<Ticket>> transition(Long agencyId, long id, Function<Ticket, Transition> decide, OperatorAudit audit) {
    return pg.withTransaction(conn -> conn.preparedQuery(SELECT + " WHERE ($1::bigint IS NULL OR t.agency_id = $1) AND t.id = $2 FOR UPDATE OF t")
        .execute(Tuple.tuple().addLong(agencyId).addLong(id))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<Ticket>empty());
          Ticket current = ticket(rows.iterator().next());
          Transition t = decide.apply(current);
          Future<Void> images = t.images() == null ? Future.succeededFuture()
              : conn.preparedQuery("DELETE FROM ticket_images WHERE ticket_id = $1 AND NOT (id = ANY($2))")
                  .execute(Tuple.tuple().addLong(id).addArrayOfLong(t.images().toArray(Long[]::new)))
                  .compose(v -> attach(conn, current.agencyId(), id, current.submitterStaffId(), t.images()));
          Future<Void> log = audit == null ? Future.succeededFuture() : conn.preparedQuery("""
                  INSERT INTO operation_log (agency_id, action, target_type, target_id, before, after, ip, request_id)
                  VALUES ($1, $2, 'tickets', $3, $4, $5, $6, $7)""")
              .execute(Tuple.tuple().addLong(current.agencyId()).addString(audit.action()).addString(String.valueOf(id))
                  .addValue(new JsonObject().put("status", current.status().dbValue()))
                  .addValue(new JsonObject().put("status", t.next().status().dbValue()).put("note", t.event().note()))
                  .addString(audit.ip()).addString(audit.requestId()))
              .mapEmpty();
          return update(conn, t.next())
              .compose(v -> event(conn, current.agencyId(), id, t.event()))
              .compose(v -> images).compose(v -> log)
              .compose(v -> find(conn, current.agencyId(), id));
        }));
  }

  /**
   * Cancels up to {@code limit} tickets returned at or before {@code cutoff}. Rows another instance
   * is sweeping are skipped (SKIP LOCKED), and a ticket no longer returned never matches, so
   * concurrent and repeated sweeps cancel each ticket once.
   */
  public Future<List<Ticket>> autoCancel(Instant cutoff, Instant at, String note, int limit) {
    return pg.withTransaction(conn -> conn.preparedQuery(SELECT
            + " WHERE t.status = 'returned' AND t.returned_at <= $1 ORDER BY t.returned_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED")
        .execute(Tuple.tuple().addValue(utc(cutoff)).addInteger(limit))
        .compose(rows -> {
          List<Ticket> due = new ArrayList<>();
          rows.forEach(r -> due.add(ticket(r)));
          Future<Void> chain = Future.succeededFuture();
          List<Ticket> done = new ArrayList<>();
          for (Ticket t : due) {
            TicketStatus next = TicketAction.AUTO_CANCEL.apply(t.status());
            Ticket moved = t.moved(next, at);
            chain = chain.compose(v -> update(conn, moved))
                .compose(v -> event(conn, t.agencyId(), t.id(), new TicketEvent(at, TicketAction.AUTO_CANCEL.eventKind(), "system",
                    null, null, t.status(), next, note)))
                .map(v -> {
                  done.add(moved);
                  return null;
                });
          }
          return chain.map(v -> done);
        }));
  }

  public Future<Long> insertImage(long agencyId, long staffId, String contentType, Buffer data, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO ticket_images (agency_id, uploaded_by, content_type, size_bytes, data, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(staffId).addString(contentType).addInteger(data.length())
            .addBuffer(data).addValue(utc(at)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<Image>> image(long agencyId, long imageId) {
    return pg.preparedQuery("SELECT id, agency_id, ticket_id, uploaded_by, content_type, data FROM ticket_images WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, imageId))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          return Optional.of(new Image(r.getLong("id"), r.getLong("agency_id"), r.getLong("ticket_id"), r.getLong("uploaded_by"), r.getString("content_type"),
              r.getBuffer("data")));
        });
  }

  /** Attaches images the submitter uploaded and no other ticket holds; fails naming imageIds otherwise. */
  private static Future<Void> attach(SqlConnection conn, long agencyId, long ticketId, long staffId, List<Long> images) {
    if (images == null || images.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery("""
            UPDATE ticket_images SET ticket_id = $2
            WHERE agency_id = $1 AND uploaded_by = $3 AND id = ANY($4) AND (ticket_id IS NULL OR ticket_id = $2)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(ticketId).addLong(staffId).addArrayOfLong(images.toArray(Long[]::new)))
        .compose(rows -> rows.rowCount() == images.size() ? Future.succeededFuture()
            : Future.failedFuture(new io.beacon.platform.DomainException.Invalid("imageIds", "unknown or already used images")));
  }

  private static Future<Void> update(SqlConnection conn, Ticket t) {
    TicketContent c = t.content();
    return conn.preparedQuery("""
            UPDATE tickets SET client_id = $2, category = $3, title = $4, unit_id = $5, occurred_from = $6, occurred_to = $7,
              spend_impact_fen = $8, self_check_result = $9, description = $10, status = $11, return_reason = $12,
              submitted_at = $13, returned_at = $14, last_urged_at = $15, urge_count = $16, satisfaction = $17,
              satisfaction_reason = $18, updated_at = $19
            WHERE id = $1""")
        .execute(Tuple.tuple().addLong(t.id()).addLong(c.clientId()).addString(c.category()).addString(c.title())
            .addString(c.unitId()).addValue(utc(c.occurredFrom())).addValue(utc(c.occurredTo())).addLong(c.spendImpactFen())
            .addString(c.selfCheckResult()).addString(c.description()).addString(t.status().dbValue())
            .addString(t.returnReason()).addValue(utc(t.submittedAt())).addValue(utc(t.returnedAt()))
            .addValue(utc(t.lastUrgedAt())).addInteger(t.urgeCount()).addString(t.satisfaction())
            .addString(t.satisfactionReason()).addValue(utc(t.updatedAt())))
        .mapEmpty();
  }

  private static Future<Void> event(SqlConnection conn, long agencyId, long ticketId, TicketEvent e) {
    return conn.preparedQuery("""
            INSERT INTO ticket_events (agency_id, ticket_id, at, kind, actor, staff_id, from_status, to_status, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(ticketId).addValue(utc(e.at())).addString(e.kind())
            .addString(e.actor()).addLong(e.staffId()).addString(e.from() == null ? null : e.from().dbValue())
            .addString(e.to() == null ? null : e.to().dbValue()).addString(e.note()))
        .mapEmpty();
  }

  private static OffsetDateTime utc(Instant at) { return at == null ? null : at.atOffset(ZoneOffset.UTC); }

  private static Instant instant(Row r, String column) {
    OffsetDateTime v = r.getOffsetDateTime(column);
    return v == null ? null : v.toInstant();
  }

  private static TicketStatus status(String s) { return s == null ? null : TicketStatus.of(s); }

  private static Ticket ticket(Row r) {
    TicketContent c = new TicketContent(r.getLong("client_id"), r.getString("category"), r.getString("title"),
        r.getString("unit_id"), instant(r, "occurred_from"), instant(r, "occurred_to"), r.getLong("spend_impact_fen"),
        r.getString("self_check_result"), r.getString("description"));
    return new Ticket(r.getLong("id"), r.getLong("agency_id"), r.getLong("submitter_staff_id"), r.getString("submitter_name"),
        r.getString("submitter_account"), c, TicketStatus.of(r.getString("status")), r.getString("return_reason"),
        instant(r, "submitted_at"), instant(r, "returned_at"), instant(r, "last_urged_at"), r.getInteger("urge_count"),
        r.getString("satisfaction"), r.getString("satisfaction_reason"), instant(r, "created_at"), instant(r, "updated_at"));
  }
}
