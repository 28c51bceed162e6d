package io.beacon.live;

import io.beacon.Poll;
import io.beacon.TestBeacon;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Reads the operation log as the account pages would. */
final class TestAgencyLog {
  private TestAgencyLog() {}

  static JsonObject last(long agencyId, String action) {
    return Poll.eventuallyValue(() -> {   // the log is written when the response ends
      var rows = TestBeacon.shared().platform().pg()
          .preparedQuery("SELECT before, after FROM operation_log WHERE agency_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1")
          .execute(Tuple.of(agencyId, action)).await();
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new JsonObject().put("before", r.getValue(0)).put("after", r.getValue(1));
    });
  }
}
