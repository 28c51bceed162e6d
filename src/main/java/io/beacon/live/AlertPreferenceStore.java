package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL of staff members' alert preferences; scoped by agency. */
final class AlertPreferenceStore {
  private final Pool pg;

  AlertPreferenceStore(Pool pg) { this.pg = pg; }

  /** The preferences of these staff members; those who never chose have none in the map. */
  Future<Map<Long, AlertPreferences>> of(long agencyId, List<Long> staffIds) {
    return pg.preparedQuery("""
            SELECT staff_id, in_app, work_notice, quiet_from, quiet_to FROM alert_preferences
            WHERE agency_id = $1 AND staff_id = ANY($2)""")
        .execute(Tuple.tuple().addLong(agencyId).addArrayOfLong(staffIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, AlertPreferences> out = new HashMap<>();
          for (Row r : rows) out.put(r.getLong(0), new AlertPreferences(r.getString(1), r.getString(2), r.getLocalTime(3), r.getLocalTime(4)));
          return out;
        });
  }

  Future<Void> put(long agencyId, long staffId, AlertPreferences p, OffsetDateTime at) {
    return pg.preparedQuery("""
            INSERT INTO alert_preferences (staff_id, agency_id, in_app, work_notice, quiet_from, quiet_to, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (staff_id) DO UPDATE SET in_app = EXCLUDED.in_app, work_notice = EXCLUDED.work_notice,
              quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, updated_at = EXCLUDED.updated_at
            WHERE alert_preferences.agency_id = EXCLUDED.agency_id""")
        .execute(Tuple.of(staffId, agencyId, p.inApp(), p.workNotice()).addLocalTime(p.quietFrom()).addLocalTime(p.quietTo())
            .addOffsetDateTime(at))
        .mapEmpty();
  }
}
