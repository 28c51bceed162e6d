package io.beacon.live.push;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The SQL push needs: which clients a scope sees (the same condition every REST store uses). */
final class PushStore {
  private final Pool pg;

  PushStore(Pool pg) { this.pg = pg; }

  /** Every client of the agency (terminated ones excluded). */
  Future<List<Long>> clientIds(long agencyId) {
    return pg.preparedQuery("SELECT id FROM clients WHERE agency_id = $1 AND status <> 'terminated' ORDER BY id")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          List<Long> ids = new ArrayList<>(rows.size());
          for (Row r : rows) ids.add(r.getLong(0));
          return ids;
        });
  }

  /** The clients {@code scope} may see; null when it sees the whole agency. */
  Future<Set<Long>> visibleClients(ClientScope scope) {
    if (scope.wholeAgency()) return Future.succeededFuture(null);
    return pg.preparedQuery("SELECT c.id FROM clients c WHERE " + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()))
        .map(rows -> {
          Set<Long> ids = new HashSet<>();
          for (Row r : rows) ids.add(r.getLong(0));
          return ids;
        });
  }
}
