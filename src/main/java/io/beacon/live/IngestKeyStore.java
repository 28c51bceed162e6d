package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of ingest keys. Only hashes are stored. */
final class IngestKeyStore {
  record IngestKey(long id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("prefix", prefix)
          .put("createdAt", createdAt.toInstant().toString())
          .put("revokedAt", revokedAt == null ? null : revokedAt.toInstant().toString());
    }
  }

  private static final String COLUMNS = "id, name, prefix, created_at, revoked_at";
  private final Pool pg;

  IngestKeyStore(Pool pg) { this.pg = pg; }

  Future<IngestKey> create(long agencyId, String name, String hash, String prefix, Long createdBy) {
    return pg.preparedQuery("INSERT INTO ingest_keys (agency_id, name, key_hash, prefix, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
        .execute(Tuple.of(agencyId, name, hash, prefix, createdBy))
        .map(rows -> key(rows.iterator().next()));
  }

  /** Adds the key unless a key with this hash exists (demo loader). */
  Future<Void> ensure(long agencyId, String name, String hash, String prefix) {
    return pg.preparedQuery("INSERT INTO ingest_keys (agency_id, name, key_hash, prefix) VALUES ($1, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING")
        .execute(Tuple.of(agencyId, name, hash, prefix)).mapEmpty();
  }

  Future<List<IngestKey>> list(long agencyId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM ingest_keys WHERE agency_id = $1 ORDER BY id DESC")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          List<IngestKey> out = new ArrayList<>();
          for (Row r : rows) out.add(key(r));
          return out;
        });
  }

  /** Revokes a key of the agency; empty when the agency has no such key. */
  Future<Optional<IngestKey>> revoke(long agencyId, long id) {
    return pg.preparedQuery("UPDATE ingest_keys SET revoked_at = coalesce(revoked_at, now()) WHERE agency_id = $1 AND id = $2 RETURNING " + COLUMNS)
        .execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next())));
  }

  /** The agency of an active key with this hash. */
  Future<Optional<Long>> agencyOf(String hash) {
    return pg.preparedQuery("SELECT agency_id FROM ingest_keys WHERE key_hash = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(hash))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  private static IngestKey key(Row r) {
    return new IngestKey(r.getLong(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3), r.getOffsetDateTime(4));
  }
}
