package io.beacon.partner;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.beacon.partner.PerformanceStore.utc;

/**
 * SQL of platform tasks (任务管理): a task is published once and reaches agencies through recipient rows
 * (one per agency, with the role it is meant for, or none for every role of the channel pages).
 */
public final class TaskStore {
  private final Pool pg;

  public TaskStore(Pool pg) { this.pg = pg; }

  /** A task as one agency sees it; {@code state} is the stored one (expiry is decided by the reader). */
  public record Task(long id, String kind, String title, String body, String link, Instant deadline, Instant publishedAt,
                     String role, String state, Instant readAt, Instant doneAt) {}

  /** Who received a published task: each agency and the staff it is addressed to (empty: everyone of the agency). */
  public record Recipient(long agencyId, List<Long> staffIds) {}

  private static final String SELECT = """
      SELECT t.id, t.kind, t.title, t.body, t.link, t.deadline, t.published_at, r.role, r.state, r.read_at, r.done_at
        FROM partner_task_recipients r JOIN partner_tasks t ON t.id = r.task_id
      """;
  /** $1 agency, $2 the reader's role: tasks for every role or for theirs. */
  private static final String VISIBLE = " WHERE r.agency_id = $1 AND (r.role IS NULL OR r.role = $2)";

  public Future<List<Task>> list(long agencyId, String role) {
    return pg.preparedQuery(SELECT + VISIBLE + " ORDER BY t.published_at DESC, t.id DESC")
        .execute(Tuple.of(agencyId, role))
        .map(rows -> {
          List<Task> out = new ArrayList<>();
          rows.forEach(r -> out.add(task(r)));
          return out;
        });
  }

  public Future<Optional<Task>> get(long agencyId, String role, long taskId) {
    return pg.preparedQuery(SELECT + VISIBLE + " AND t.id = $3").execute(Tuple.of(agencyId, role, taskId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(task(rows.iterator().next())));
  }

  /** unread → in_progress (other states stay); the task as it is afterwards, empty when not visible. */
  public Future<Optional<Task>> markRead(long agencyId, String role, long taskId, Instant at) {
    return pg.preparedQuery("""
            UPDATE partner_task_recipients r SET state = 'in_progress', read_at = $4
             WHERE r.agency_id = $1 AND (r.role IS NULL OR r.role = $2) AND r.task_id = $3 AND r.state = 'unread'""")
        .execute(Tuple.tuple().addLong(agencyId).addString(role).addLong(taskId).addOffsetDateTime(utc(at)))
        .compose(v -> get(agencyId, role, taskId));
  }

  /** Marks a task done unless its deadline has passed; the task as it is afterwards, empty when not visible. */
  public Future<Optional<Task>> complete(long agencyId, String role, long taskId, Instant at) {
    return pg.preparedQuery("""
            UPDATE partner_task_recipients r SET state = 'done', done_at = $4, read_at = coalesce(r.read_at, $4)
              FROM partner_tasks t
             WHERE t.id = r.task_id AND r.agency_id = $1 AND (r.role IS NULL OR r.role = $2) AND r.task_id = $3
               AND r.state <> 'done' AND t.deadline > $4""")
        .execute(Tuple.tuple().addLong(agencyId).addString(role).addLong(taskId).addOffsetDateTime(utc(at)))
        .compose(v -> get(agencyId, role, taskId));
  }

  /**
   * Publishes a task to the agencies the rule picks ({@code agencyIds} null: every agency; {@code role} null:
   * every role that sees the channel pages) in one transaction; returns the task id and its recipients with
   * the active staff of the targeted role (for addressed notices).
   */
  public Future<Published> publish(String kind, String title, String body, String link, Instant deadline, JsonObject target,
                                   List<Long> agencyIds, String role, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO partner_tasks (kind, title, body, link, deadline, target, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
        .execute(Tuple.tuple().addString(kind).addString(title).addString(body).addString(link).addOffsetDateTime(utc(deadline))
            .addValue(target).addOffsetDateTime(utc(at)))
        .compose(rows -> {
          long taskId = rows.iterator().next().getLong(0);
          return conn.preparedQuery("""
                  INSERT INTO partner_task_recipients (task_id, agency_id, role)
                  SELECT $1, a.id, $3 FROM agencies a WHERE $2::bigint[] IS NULL OR a.id = ANY($2)
                  RETURNING agency_id,
                    (SELECT coalesce(array_agg(s.id ORDER BY s.id), '{}') FROM staff s
                      WHERE s.agency_id = partner_task_recipients.agency_id AND s.role = $3 AND s.status = 'active') AS staff_ids""")
              .execute(Tuple.tuple().addLong(taskId).addArrayOfLong(agencyIds == null ? null : agencyIds.toArray(Long[]::new))
                  .addString(role))
              .map(recipients -> {
                List<Recipient> out = new ArrayList<>();
                recipients.forEach(r -> out.add(new Recipient(r.getLong("agency_id"),
                    role == null ? List.of() : List.of(r.getArrayOfLongs("staff_ids")))));
                return new Published(taskId, out);
              });
        }));
  }

  public record Published(long taskId, List<Recipient> recipients) {}

  /** Which of {@code agencyIds} exist. */
  public Future<List<Long>> existingAgencies(List<Long> agencyIds) {
    return pg.preparedQuery("SELECT id FROM agencies WHERE id = ANY($1) ORDER BY id")
        .execute(Tuple.of(agencyIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  private static Task task(Row r) {
    return new Task(r.getLong("id"), r.getString("kind"), r.getString("title"), r.getString("body"), r.getString("link"),
        r.getOffsetDateTime("deadline").toInstant(), r.getOffsetDateTime("published_at").toInstant(), r.getString("role"),
        r.getString("state"), instant(r, "read_at"), instant(r, "done_at"));
  }

  private static Instant instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant();
  }
}
