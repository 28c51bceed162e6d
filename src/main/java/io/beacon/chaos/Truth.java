package io.beacon.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What PostgreSQL holds for the demo agency: the figures every scenario checks against what was sent. */
final class Truth {
  interface Jdbc { Connection open() throws SQLException; }

  private final Jdbc jdbc;
  final long agencyId;

  Truth(Jdbc jdbc) throws SQLException {
    this.jdbc = jdbc;
    this.agencyId = one("SELECT s.agency_id FROM staff s JOIN logins l ON l.id = s.login_id WHERE l.account = ?", ChaosClient.MAIN);
  }

  /** Active clients of the agency, in id order. */
  List<Long> activeClients() throws SQLException {
    try (Connection c = jdbc.open(); PreparedStatement st = c.prepareStatement(
        "SELECT id FROM clients WHERE agency_id = ? AND status = 'active' ORDER BY id")) {
      st.setLong(1, agencyId);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(rs.getLong(1));
      }
      return out;
    }
  }

  /** Persisted spend (billing basis) in hours from {@code since}'s hour on. */
  long spendSince(Instant since) throws SQLException {
    return one("SELECT coalesce(sum(cost_fen), 0) FROM spend_hourly WHERE agency_id = ? AND basis = 'billing' AND hour >= date_trunc('hour', ?::timestamptz)",
        agencyId, Timestamp.from(since));
  }

  /** Sum of every ledger entry: zero when every transaction balances. */
  long ledgerSum() throws SQLException {
    return one("SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries");
  }

  /**
   * Waits (at most {@code limit}) until persisted spend since {@code since} reaches {@code expected};
   * returns the seconds it took, or -1 if it never did (the caller reports the difference).
   */
  double awaitPersisted(Instant since, long expected, Duration limit) throws SQLException, InterruptedException {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < limit.toNanos()) {
      if (spendSince(since) == expected) return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
      Thread.sleep(500);
    }
    return -1;
  }

  private long one(String sql, Object... args) throws SQLException {
    try (Connection c = jdbc.open(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) st.setObject(i + 1, args[i]);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
