package io.beacon.exports;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of the task center: export tasks and their files (chunks of bytes). Every statement names the
 * agency; {@code onlyStaffId} (a dedicated employee) narrows reads to that staff member's own tasks.
 */
final class ExportStore {
  private static final String SELECT = """
      SELECT t.id, t.agency_id, t.created_by, s.name AS created_by_name, t.kind, t.format, t.lang, t.filters, t.state, t.progress,
             t.rows, t.file_name, t.file_size, t.error, t.created_at, t.started_at, t.finished_at, t.expires_at
        FROM export_tasks t JOIN staff s ON s.id = t.created_by
      """;

  private final Pool pg;

  ExportStore(Pool pg) { this.pg = pg; }

  record Page(List<ExportTask> items, long total) {}

  Future<ExportTask> insert(long agencyId, long staffId, String kind, String format, String lang, JsonObject filters, Instant now,
                            Instant expires) {
    return pg.preparedQuery("""
            INSERT INTO export_tasks (agency_id, created_by, kind, format, filters, created_at, updated_at, expires_at, lang)
            VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(staffId).addString(kind).addString(format).addValue(filters)
            .addOffsetDateTime(utc(now)).addOffsetDateTime(utc(expires)).addString(lang))
        .compose(rows -> get(agencyId, null, rows.iterator().next().getLong(0)))
        .map(Optional::orElseThrow);
  }

  /** Tasks of the agency still queued or running. */
  Future<Long> openCount(long agencyId) {
    return pg.preparedQuery("SELECT count(*) FROM export_tasks WHERE agency_id = $1 AND state IN ('created', 'running')")
        .execute(Tuple.of(agencyId)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Optional<ExportTask>> get(long agencyId, Long onlyStaffId, long id) {
    return pg.preparedQuery(SELECT + " WHERE t.agency_id = $1 AND t.id = $2 AND ($3::bigint IS NULL OR t.created_by = $3)")
        .execute(Tuple.of(agencyId, id, onlyStaffId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(task(rows.iterator().next())));
  }

  /** Newest first. */
  Future<Page> list(long agencyId, Long onlyStaffId, int limit, int offset) {
    String where = " WHERE t.agency_id = $1 AND ($2::bigint IS NULL OR t.created_by = $2)";
    Tuple scope = Tuple.of(agencyId, onlyStaffId);
    return Future.all(
            pg.preparedQuery(SELECT + where + " ORDER BY t.id DESC LIMIT $3 OFFSET $4").execute(Tuple.of(agencyId, onlyStaffId, limit, offset)),
            pg.preparedQuery("SELECT count(*) FROM export_tasks t" + where).execute(scope))
        .map(all -> {
          List<ExportTask> items = new ArrayList<>();
          for (Row r : all.<RowSet<Row>>resultAt(0)) items.add(task(r));
          return new Page(items, all.<RowSet<Row>>resultAt(1).iterator().next().getLong(0));
        });
  }

  Future<Void> running(long agencyId, long id, Instant now) {
    return update("state = 'running', started_at = $3, updated_at = $3", Tuple.of(agencyId, id, utc(now)));
  }

  Future<Void> progress(long agencyId, long id, long rows, int progress, Instant now) {
    return update("rows = $3, progress = $4, updated_at = $5", Tuple.of(agencyId, id, rows, progress, utc(now)));
  }

  Future<Void> done(long agencyId, long id, long rows, String fileName, long size, Instant now) {
    return update("state = 'done', progress = 100, rows = $3, file_name = $4, file_size = $5, finished_at = $6, updated_at = $6",
        Tuple.of(agencyId, id, rows, fileName, size, utc(now)));
  }

  /** Marks the task failed and drops whatever part of its file was stored. */
  Future<Void> failed(long agencyId, long id, String error, Instant now) {
    return pg.withTransaction(conn -> conn.preparedQuery("DELETE FROM export_chunks WHERE task_id = $1").execute(Tuple.of(id))
        .compose(v -> conn.preparedQuery("""
                UPDATE export_tasks SET state = 'failed', error = $3, finished_at = $4, updated_at = $4
                 WHERE agency_id = $1 AND id = $2""")
            .execute(Tuple.of(agencyId, id, error, utc(now))))
        .mapEmpty());
  }

  private Future<Void> update(String set, Tuple args) {
    return pg.preparedQuery("UPDATE export_tasks SET " + set + " WHERE agency_id = $1 AND id = $2").execute(args).mapEmpty();
  }

  Future<Void> addChunk(long id, int seq, Buffer data) {
    return pg.preparedQuery("INSERT INTO export_chunks (task_id, seq, data) VALUES ($1, $2, $3)")
        .execute(Tuple.of(id, seq, data)).mapEmpty();
  }

  /** Chunk {@code seq} of a task's file (the task was looked up in the caller's scope first), or null past the end. */
  Future<Buffer> chunk(long id, int seq) {
    return pg.preparedQuery("SELECT data FROM export_chunks WHERE task_id = $1 AND seq = $2").execute(Tuple.of(id, seq))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
  }

  /** Deletes a finished task and its file; false when there is none in scope, or it is still open. */
  Future<Boolean> delete(long agencyId, Long onlyStaffId, long id) {
    return pg.preparedQuery("""
            DELETE FROM export_tasks WHERE agency_id = $1 AND id = $2 AND ($3::bigint IS NULL OR created_by = $3)
               AND state IN ('done', 'failed')""")
        .execute(Tuple.of(agencyId, id, onlyStaffId)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * Background upkeep across agencies: open tasks silent since {@code staleBefore} were interrupted (their
   * instance stopped) and fail; tasks past their expiry are deleted with their files. Returns both counts.
   */
  Future<long[]> sweep(Instant staleBefore, Instant now) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
                WITH stale AS (
                       UPDATE export_tasks SET state = 'failed', error = 'interrupted: the instance running it stopped',
                              finished_at = $2, updated_at = $2
                        WHERE state IN ('created', 'running') AND updated_at < $1 RETURNING id),
                     dropped AS (DELETE FROM export_chunks WHERE task_id IN (SELECT id FROM stale))
                SELECT count(*) FROM stale""")
            .execute(Tuple.of(utc(staleBefore), utc(now)))
            .compose(stale -> conn.preparedQuery("DELETE FROM export_tasks WHERE expires_at < $1").execute(Tuple.of(utc(now)))
                .map(expired -> new long[] {stale.iterator().next().getLong(0), expired.rowCount()})));
  }

  private static ExportTask task(Row r) {
    return new ExportTask(r.getLong("id"), r.getLong("agency_id"), r.getLong("created_by"), r.getString("created_by_name"),
        r.getString("kind"), r.getString("format"), r.getString("lang"), (JsonObject) r.getValue("filters"), r.getString("state"),
        r.getInteger("progress"), r.getLong("rows"), r.getString("file_name"), r.getLong("file_size"), r.getString("error"),
        instant(r, "created_at"), instant(r, "started_at"), instant(r, "finished_at"), instant(r, "expires_at"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant i) { return OffsetDateTime.ofInstant(i, ZoneOffset.UTC); }
}
