package io.beacon.notices;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** SQL of platform announcements. They are platform-wide, not tenant data: no agency column. */
public final class AnnouncementStore {
  private static final String SHOWN = "withdrawn_at IS NULL AND published_at <= $1";

  private final Pool pg;

  public AnnouncementStore(Pool pg) { this.pg = pg; }

  public Future<Announcement> insert(String title, String body, String link, Instant publishedAt, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO announcements (title, body, link, published_at, created_at) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, title, body, link, published_at""")
        .execute(Tuple.tuple().addString(title).addString(body).addString(link).addOffsetDateTime(utc(publishedAt))
            .addOffsetDateTime(utc(at)))
        .map(rows -> announcement(rows.iterator().next()));
  }

  /** Announcements published by {@code now} and not withdrawn, newest first, one page. */
  public Future<List<Announcement>> published(Instant now, int limit, int offset) {
    return pg.preparedQuery("SELECT id, title, body, link, published_at FROM announcements WHERE " + SHOWN
            + " ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3")
        .execute(Tuple.of(utc(now), limit, offset))
        .map(rows -> {
          List<Announcement> out = new ArrayList<>();
          rows.forEach(r -> out.add(announcement(r)));
          return out;
        });
  }

  public Future<Long> publishedCount(Instant now) {
    return pg.preparedQuery("SELECT count(*) FROM announcements WHERE " + SHOWN).execute(Tuple.of(utc(now)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Withdraws an announcement; false when there is none (or it was withdrawn already). */
  public Future<Boolean> withdraw(long id, Instant at) {
    return pg.preparedQuery("UPDATE announcements SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL")
        .execute(Tuple.of(id, utc(at))).map(rows -> rows.rowCount() > 0);
  }

  private static Announcement announcement(Row r) {
    return new Announcement(r.getLong("id"), r.getString("title"), r.getString("body"), r.getString("link"),
        r.getOffsetDateTime("published_at").toInstant());
  }

  private static OffsetDateTime utc(Instant at) { return OffsetDateTime.ofInstant(at, ZoneOffset.UTC); }
}
