package io.beacon.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL of the demo loader. Small things (agencies, logins, staff) go row by row; clients go as one
 * array-parameter statement; the 180 days of hourly history are generated inside PostgreSQL by one
 * INSERT … SELECT over staged parameter tables, so nothing large ever crosses the wire.
 */
final class DemoStore {
  /** pg_advisory_lock key of the demo loader ("beacon" + 2, the issue of the loader). */
  static final long LOCK_KEY = 0x6265_6163_6f6e_0002L;

  private static final String[] CLIENT_ACCOUNTS = {"client_cash", "client_coupon_normal", "client_coupon_traffic", "client_credit"};

  private final SqlConnection conn;

  DemoStore(SqlConnection conn) { this.conn = conn; }

  /** Session-level lock: a second instance starting in demo mode waits here, then finds data and skips. */
  Future<Void> lock() {
    return conn.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  Future<Void> unlock() {
    return conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  /** No agency and no login yet: the only state demo data is ever loaded into. */
  Future<Boolean> empty() {
    return conn.query("SELECT NOT EXISTS (SELECT 1 FROM agencies) AND NOT EXISTS (SELECT 1 FROM logins)").execute()
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The demo agency's id, if the demo was loaded into this database. */
  Future<Long> agencyByPid(String pid) {
    return conn.preparedQuery("SELECT id FROM agencies WHERE pid = $1").execute(Tuple.of(pid))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  Future<Void> fastCommit() {
    return conn.query("SET LOCAL synchronous_commit = off").execute()
        .compose(v -> conn.query("SET LOCAL work_mem = '64MB'").execute())
        .compose(v -> conn.query("SET LOCAL maintenance_work_mem = '256MB'").execute()).mapEmpty();
  }

  Future<Long> insertAgency(DemoPlan.Agency agency, ZoneId zone, OffsetDateTime createdAt) {
    return id("INSERT INTO agencies (name, pid, time_zone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        Tuple.of(agency.name(), agency.pid(), zone.getId(), createdAt));
  }

  Future<Long> insertLogin(DemoPlan.Account account, String passwordHash) {
    return id("INSERT INTO logins (account, password_hash, display_name, email) VALUES ($1, $2, $3, $4) RETURNING id",
        Tuple.of(account.account(), passwordHash, account.displayName(), account.account().replace('@', '.') + ".example.cn"));
  }

  Future<Long> insertStaff(long agencyId, long loginId, String name, String role) {
    return id("INSERT INTO staff (agency_id, login_id, name, role) VALUES ($1, $2, $3, $4) RETURNING id",
        Tuple.of(agencyId, loginId, name, role));
  }

  Future<Long> insertAgencyIdentity(long loginId, long agencyId, long staffId) {
    return id("INSERT INTO identities (login_id, kind, agency_id, staff_id) VALUES ($1, 'agency', $2, $3) RETURNING id",
        Tuple.of(loginId, agencyId, staffId));
  }

  Future<Long> insertClientIdentity(long loginId, long agencyId, long clientId) {
    return id("INSERT INTO identities (login_id, kind, agency_id, client_id) VALUES ($1, 'client', $2, $3) RETURNING id",
        Tuple.of(loginId, agencyId, clientId));
  }

  /** Inserts the clients in plan order (ids ascend with {@code ord}) and returns their ids in that order. */
  Future<List<Long>> insertClients(List<DemoPlan.Client> clients, long[] agencyIds, LocalDate firstDay, int days, ZoneId zone) {
    int n = clients.size();
    Integer[] ord = new Integer[n];
    Long[] agency = new Long[n];
    String[] name = new String[n], pid = new String[n], email = new String[n], industry = new String[n];
    String[] status = new String[n], auth = new String[n], contract = new String[n];
    Long[] budget = new Long[n];
    OffsetDateTime[] created = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      DemoPlan.Client c = clients.get(i);
      ord[i] = c.ord();
      agency[i] = agencyIds[c.agency()];
      name[i] = c.name();
      pid[i] = c.pid();
      email[i] = c.email();
      industry[i] = c.industry().slug;
      status[i] = c.status();
      auth[i] = c.authorizationStatus();
      contract[i] = c.contractState();
      budget[i] = c.dailyBudgetFen();
      created[i] = firstDay.plusDays(Math.min(c.startDay(), days - 1) - 3L).atStartOfDay(zone).toOffsetDateTime();
    }
    return conn.preparedQuery("""
            INSERT INTO clients (agency_id, name, pid, email, industry, status, authorization_status, contract_state,
                                 daily_budget_fen, created_at)
            SELECT agency_id, name, pid, email, industry, status, auth, contract, budget, created
              FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::bigint[], $11::timestamptz[])
                   AS p(ord, agency_id, name, pid, email, industry, status, auth, contract, budget, created)
             ORDER BY ord
            RETURNING id, pid""")
        .execute(Tuple.from(List.<Object>of(ord, agency, name, pid, email, industry, status, auth, contract, budget, created)))
        .map(rows -> {
          Map<String, Long> byPid = new HashMap<>();
          rows.forEach(r -> byPid.put(r.getString("pid"), r.getLong("id")));
          return clients.stream().map(c -> byPid.get(c.pid())).toList();
        });
  }

  Future<Void> assignClients(long agencyId, long staffId, List<Long> clientIds) {
    return conn.preparedQuery("INSERT INTO staff_clients (agency_id, staff_id, client_id) SELECT $1, $2, unnest($3::bigint[])")
        .execute(Tuple.of(agencyId, staffId, clientIds.toArray(Long[]::new))).mapEmpty();
  }

  /**
   * Stages the history parameters in temporary tables: clients (with ids, and their units as arrays
   * with each unit's cumulative lower weight bound), the hours of the period in the agency's zone, the
   * festival lift per day, each industry's weekday factors and hourly shares; and the unlogged table
   * {@code daily} collecting this connection's daily rollups month by month (read by {@link #writeDaily}).
   */
  Future<Void> stageHistory(DemoPlan plan, List<Long> clientIds, long[] agencyIds, ZoneId zone, String daily) {
    List<DemoPlan.Client> clients = plan.clients();
    int n = clients.size();
    Integer[] ord = new Integer[n], start = new Integer[n], end = new Integer[n], phase = new Integer[n];
    Long[] clientId = new Long[n], agencyId = new Long[n], budget = new Long[n];
    String[] industry = new String[n];
    Double[] util = new Double[n], growth = new Double[n], festival = new Double[n], coupon = new Double[n], credit = new Double[n];
    List<Object[]> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DemoPlan.Client c = clients.get(i);
      ord[i] = c.ord();
      clientId[i] = clientIds.get(i);
      agencyId[i] = agencyIds[c.agency()];
      industry[i] = c.industry().slug;
      budget[i] = c.dailyBudgetFen();
      util[i] = c.utilization();
      growth[i] = c.growth();
      phase[i] = c.phase();
      festival[i] = c.industry().festivalSensitivity;
      start[i] = c.startDay();
      end[i] = c.endDay();
      coupon[i] = c.couponShare();
      credit[i] = c.creditShare();
      double lo = 0;
      for (int u = 0; u < c.units().size(); u++) {
        DemoPlan.Unit unit = c.units().get(u);
        units.add(new Object[] {c.ord(), lo, unit});
        lo += unit.weight();
      }
    }
    int m = units.size();
    Integer[] uOrd = new Integer[m];
    Double[] uLo = new Double[m], uCpm = new Double[m], uCtr = new Double[m], uCvr = new Double[m];
    String[] uMode = new String[m], uGoal = new String[m], uEvent = new String[m], uCampaign = new String[m], uUnit = new String[m];
    Boolean[] uBrand = new Boolean[m];
    for (int i = 0; i < m; i++) {
      Object[] row = units.get(i);
      DemoPlan.Unit u = (DemoPlan.Unit) row[2];
      uOrd[i] = (Integer) row[0];
      uLo[i] = (Double) row[1];
      uMode[i] = u.mode();
      uBrand[i] = u.brand();
      uGoal[i] = u.goal();
      uEvent[i] = u.conversionEvent();
      uCampaign[i] = u.campaignId();
      uUnit[i] = u.unitId();
      uCpm[i] = (double) u.cpmFen();
      uCtr[i] = u.ctr();
      uCvr[i] = u.cvr();
    }
    Integer[] day = new Integer[plan.days()];
    Double[] lift = new Double[plan.days()];
    for (int d = 0; d < plan.days(); d++) {
      day[d] = d;
      lift[d] = DemoPlan.festivalLift(plan.firstDay().plusDays(d));
    }
    Industry[] industries = Industry.values();
    List<String> wIndustry = new ArrayList<>(), sIndustry = new ArrayList<>();
    List<Integer> wDow = new ArrayList<>(), sHod = new ArrayList<>();
    List<Double> wFactor = new ArrayList<>(), sShare = new ArrayList<>();
    for (Industry ind : industries) {
      for (int d = 0; d < 7; d++) {
        wIndustry.add(ind.slug);
        wDow.add(d + 1);
        wFactor.add(ind.weekday[d]);
      }
      for (int h = 0; h < 24; h++) {
        sIndustry.add(ind.slug);
        sHod.add(h);
        sShare.add(ind.hours.share(h));
      }
    }
    OffsetDateTime from = plan.firstDay().atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime to = plan.firstDay().plusDays(plan.days()).atStartOfDay(zone).toOffsetDateTime();
    return run("""
        CREATE TEMP TABLE demo_client_params (ord int PRIMARY KEY, client_id bigint, agency_id bigint, industry text,
          budget_fen bigint, utilization float8, growth float8, phase int, festival float8, start_day int, end_day int,
          coupon_share float8, credit_share float8) ON COMMIT DROP""")
        .compose(v -> run("""
            CREATE TEMP TABLE demo_units (ord int, lo float8, mode text, brand boolean, goal text,
              conversion_event text, campaign_id text, unit_id text, cpm_fen float8, ctr float8, cvr float8) ON COMMIT DROP"""))
        .compose(v -> run("CREATE TEMP TABLE demo_hours (idx int, hour timestamptz, day int, dow int, hod int) ON COMMIT DROP"))
        .compose(v -> run("CREATE TEMP TABLE demo_days (day int PRIMARY KEY, lift float8) ON COMMIT DROP"))
        .compose(v -> run("CREATE TEMP TABLE demo_weekday (industry text, dow int, factor float8, PRIMARY KEY (industry, dow)) ON COMMIT DROP"))
        .compose(v -> run("CREATE TEMP TABLE demo_hour_share (industry text, hod int, share float8, PRIMARY KEY (industry, hod)) ON COMMIT DROP"))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO demo_client_params SELECT * FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[],
              $6::float8[], $7::float8[], $8::int[], $9::float8[], $10::int[], $11::int[], $12::float8[], $13::float8[])""")
            .execute(Tuple.from(List.<Object>of(ord, clientId, agencyId, industry, budget, util, growth, phase, festival, start, end,
                coupon, credit))))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO demo_units SELECT * FROM unnest($1::int[], $2::float8[], $3::text[], $4::boolean[],
              $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::float8[])""")
            .execute(Tuple.from(List.<Object>of(uOrd, uLo, uMode, uBrand, uGoal, uEvent, uCampaign, uUnit, uCpm, uCtr, uCvr))))
        .compose(v -> run("""
            CREATE TEMP TABLE demo_clients ON COMMIT DROP AS
            SELECT p.*, u.unit_lo, u.unit_mode, u.unit_brand, u.unit_goal, u.unit_event, u.unit_campaign, u.unit_id,
                   u.unit_cpm, u.unit_ctr, u.unit_cvr
              FROM demo_client_params p
              JOIN (SELECT ord, array_agg(lo ORDER BY lo) AS unit_lo, array_agg(mode ORDER BY lo) AS unit_mode,
                           array_agg(brand ORDER BY lo) AS unit_brand, array_agg(goal ORDER BY lo) AS unit_goal,
                           array_agg(conversion_event ORDER BY lo) AS unit_event, array_agg(campaign_id ORDER BY lo) AS unit_campaign,
                           array_agg(unit_id ORDER BY lo) AS unit_id, array_agg(cpm_fen ORDER BY lo) AS unit_cpm,
                           array_agg(ctr ORDER BY lo) AS unit_ctr, array_agg(cvr ORDER BY lo) AS unit_cvr
                      FROM demo_units GROUP BY ord) u ON u.ord = p.ord"""))
        .compose(v -> run("""
            CREATE UNLOGGED TABLE %s (agency_id bigint, client_id bigint, day date, mode text, brand boolean,
              impressions bigint, clicks bigint, cost_fen bigint, conv_billing bigint, conv_conversion bigint)""".formatted(daily)))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO demo_hours
            SELECT (extract(epoch FROM h - $1) / 3600)::int, h, ((h AT TIME ZONE $3)::date - ($1 AT TIME ZONE $3)::date),
                   extract(isodow FROM h AT TIME ZONE $3)::int, extract(hour FROM h AT TIME ZONE $3)::int
              FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') AS h""")
            .execute(Tuple.of(from, to, zone.getId())))
        .compose(v -> conn.preparedQuery("INSERT INTO demo_days SELECT * FROM unnest($1::int[], $2::float8[])")
            .execute(Tuple.from(List.<Object>of(day, lift))))
        .compose(v -> conn.preparedQuery("INSERT INTO demo_weekday SELECT * FROM unnest($1::text[], $2::int[], $3::float8[])")
            .execute(Tuple.of(wIndustry.toArray(String[]::new), wDow.toArray(Integer[]::new), wFactor.toArray(Double[]::new))))
        .compose(v -> conn.preparedQuery("INSERT INTO demo_hour_share SELECT * FROM unnest($1::text[], $2::int[], $3::float8[])")
            .execute(Tuple.of(sIndustry.toArray(String[]::new), sHod.toArray(Integer[]::new), sShare.toArray(Double[]::new))))
        .compose(v -> run("ANALYZE demo_clients, demo_hours, demo_days, demo_weekday, demo_hour_share"));
  }

  /** A monthly partition of spend_hourly (UTC months, as ensure_spend_partition names them). */
  record Month(String table, OffsetDateTime from, OffsetDateTime to) {
    static List<Month> covering(OffsetDateTime from, OffsetDateTime to) {
      List<Month> months = new ArrayList<>();
      OffsetDateTime m = from.withOffsetSameInstant(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
      while (m.isBefore(to)) {
        months.add(new Month("spend_hourly_" + m.format(DateTimeFormatter.ofPattern("yyyyMM")), m, m.plusMonths(1)));
        m = m.plusMonths(1);
      }
      return months;
    }
  }

  /** What loading one month produced: a detached partition to attach, or rows added to an existing one. */
  record MonthLoad(Month month, long rows, boolean detached) {}

  /**
   * Generates the history of one month. A partition that does not exist yet (or exists empty) is
   * created detached, filled without indexes, then indexed in one sorted pass each (several times
   * faster than maintaining indexes row by row; with wal_level=minimal, as the embedded engine runs,
   * a table created in the same transaction also skips the WAL). The main transaction attaches it,
   * adopting those indexes. A partition that already holds rows is filled through the parent.
   */
  Future<MonthLoad> loadMonth(long seed, Month month, ZoneId zone, String daily) {
    String t = month.table();
    return conn.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(t))
        .map(rows -> rows.iterator().next().getBoolean(0))
        .compose(exists -> !exists ? Future.succeededFuture(false)
            : conn.query("SELECT EXISTS (SELECT 1 FROM " + t + ")").execute().map(r -> r.iterator().next().getBoolean(0))
                .compose(hasRows -> hasRows ? Future.succeededFuture(true) : run("DROP TABLE " + t).map(false)))
        .compose(hasRows -> hasRows
            ? generate("spend_hourly", daily, seed, month, zone).map(n -> new MonthLoad(month, n, false))
            : loadDetached(seed, month, zone, daily));
  }

  private Future<MonthLoad> loadDetached(long seed, Month month, ZoneId zone, String daily) {
    String t = month.table();
    return run("""
            CREATE TABLE %1$s (LIKE spend_hourly INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                               CONSTRAINT %1$s_bounds CHECK (hour >= '%2$s' AND hour < '%3$s'))"""
            .formatted(t, month.from(), month.to()))
        .compose(v -> generate(t, daily, seed, month, zone))
        .compose(n -> run("ALTER TABLE %s ADD PRIMARY KEY (client_id, basis, hour, mode, brand, goal, conversion_event, campaign_id, unit_id)".formatted(t))
            .compose(v -> run("CREATE INDEX ON %s (agency_id, basis, hour)".formatted(t)))
            .map(v -> new MonthLoad(month, n, true)));
  }

  /** Attaches a partition {@link #loadMonth} filled (its indexes are adopted, its bounds check spares a scan). */
  Future<Void> attach(Month month) {
    return run("ALTER TABLE spend_hourly ATTACH PARTITION %s FOR VALUES FROM ('%s') TO ('%s')"
        .formatted(month.table(), month.from(), month.to()))
        .compose(v -> run("ALTER TABLE %1$s DROP CONSTRAINT %1$s_bounds".formatted(month.table())));
  }

  /**
   * Drops what an interrupted load left behind (its worker transactions commit before the main one):
   * spend_hourly_YYYYMM tables never attached and the daily collection tables. Called on an empty
   * database only.
   */
  Future<Void> dropLeftovers(List<String> dailyTables) {
    return conn.preparedQuery("""
            SELECT relname FROM pg_class
             WHERE relkind = 'r' AND NOT relispartition AND relnamespace = 'public'::regnamespace
               AND (relname ~ '^spend_hourly_[0-9]{6}$' OR relname = ANY($1))""")
        .execute(Tuple.of(dailyTables.toArray(String[]::new)))
        .compose(rows -> {
          List<String> drop = new ArrayList<>();
          rows.forEach(r -> drop.add(r.getString(0)));
          return drop.isEmpty() ? Future.succeededFuture() : run("DROP TABLE " + String.join(", ", drop));
        });
  }

  /**
   * Generates every client's hourly history of one month from the staged parameters, and collects its
   * daily rollups (by the agency's day) in demo_daily. The
   * day's spend is the budget times utilisation, weekday factor, festival lift, trend, a monthly wave
   * and day noise (capped at the budget); the hour takes its industry's share with hour noise;
   * impressions follow the unit's CPM, clicks its CTR, conversions its CVR. Both attribution bases
   * get a row (conversion time counts conversions with their own noise). Noise comes from
   * hashint8extended(key, seed), so the figures are deterministic. The CTEs are MATERIALIZED and the
   * subqueries fenced (OFFSET 0) so that each hash and product is computed once per row, in float8
   * (numeric would be several times slower).
   */
  private Future<Long> generate(String table, String daily, long seed, Month month, ZoneId zone) {
    return conn.preparedQuery("""
        WITH base AS MATERIALIZED (
          SELECT c.ord, h.hour,
                 c.budget_fen * s.share * least(1.0::float8, c.utilization * w.factor * (1 + (d.lift - 1) * c.festival)
                         * (1 + c.growth * (h.day / (SELECT greatest(max(day), 1) FROM demo_days)::float8 - 0.5) + 0.08 * sin(2 * pi() * (h.day + c.phase) / 30.0::float8))
                         * (0.85 + 0.3 * ((hashint8extended(c.ord * 1000 + h.day, $1 + 1) & 65535) / 65536.0::float8))) AS expected_fen,
                 hashint8extended(c.ord * 10000 + h.idx, $1) AS r
            FROM demo_clients c
            JOIN demo_hours h ON h.day BETWEEN c.start_day AND c.end_day
            JOIN demo_days d ON d.day = h.day
            JOIN demo_weekday w ON w.industry = c.industry AND w.dow = h.dow
            JOIN demo_hour_share s ON s.industry = c.industry AND s.hod = h.hod
           WHERE h.hour >= $2 AND h.hour < $3
        ), k AS MATERIALIZED (
          SELECT agency_id, client_id, hour, unit_mode[u] AS mode, unit_brand[u] AS brand, unit_goal[u] AS goal,
                 unit_event[u] AS conversion_event, unit_campaign[u] AS campaign_id, unit_id[u] AS unit_id,
                 impressions, clicks, cost_fen,
                 least(clicks, floor(clicks * cvr + r_conv))::bigint AS conv_billing,
                 least(clicks, floor(clicks * cvr * (0.9 + 0.2 * r_unit) + (1 - r_conv)))::bigint AS conv_conversion,
                 floor(cost_fen * coupon_share)::bigint AS coupon_fen,
                 floor((cost_fen - floor(cost_fen * coupon_share)) * credit_share)::bigint AS credit_fen
            FROM (SELECT *, least(impressions, floor(impressions * ctr * (0.85 + 0.3 * r_conv) + r_clicks))::bigint AS clicks
                    FROM (SELECT *, round(cost_fen * 1000.0::float8 / (cpm * (0.9 + 0.2 * r_clicks)))::bigint AS impressions,
                                 unit_ctr[u] AS ctr, unit_cvr[u] AS cvr
                            FROM (SELECT b.hour, round(b.expected_fen * (0.8 + 0.4 * ((b.r & 65535) / 65536.0::float8)))::bigint AS cost_fen,
                                         ((b.r >> 16) & 65535) / 65536.0::float8 AS r_unit,
                                         ((b.r >> 32) & 65535) / 65536.0::float8 AS r_clicks,
                                         ((b.r >> 48) & 65535) / 65536.0::float8 AS r_conv,
                                         c.agency_id, c.client_id, c.coupon_share, c.credit_share, c.unit_mode, c.unit_brand, c.unit_goal,
                                         c.unit_event, c.unit_campaign, c.unit_id, c.unit_ctr, c.unit_cvr,
                                         width_bucket(((b.r >> 16) & 65535) / 65536.0::float8, c.unit_lo) AS u,
                                         c.unit_cpm[width_bucket(((b.r >> 16) & 65535) / 65536.0::float8, c.unit_lo)] AS cpm
                                    FROM base b JOIN demo_clients c ON c.ord = b.ord OFFSET 0) priced
                           WHERE cost_fen > 0 OFFSET 0) shown
                  OFFSET 0) clicked
        ), daily AS (
          INSERT INTO %2$s (agency_id, client_id, day, mode, brand, impressions, clicks, cost_fen, conv_billing, conv_conversion)
          SELECT agency_id, client_id, (hour AT TIME ZONE $4)::date, mode, brand, sum(impressions), sum(clicks), sum(cost_fen),
                 sum(conv_billing), sum(conv_conversion)
            FROM k GROUP BY agency_id, client_id, (hour AT TIME ZONE $4)::date, mode, brand
        )
        INSERT INTO %1$s (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id, unit_id,
                          impressions, clicks, cost_fen, conversions, coupon_fen, credit_fen)
        SELECT k.agency_id, k.client_id, k.hour, b.basis, k.mode, k.brand, k.goal, k.conversion_event, k.campaign_id, k.unit_id,
               k.impressions, k.clicks, k.cost_fen, CASE b.basis WHEN 'billing' THEN k.conv_billing ELSE k.conv_conversion END,
               k.coupon_fen, k.credit_fen
          FROM k CROSS JOIN (VALUES ('billing'), ('conversion')) AS b(basis)""".formatted(table, daily))
        .execute(Tuple.of(seed, month.from(), month.to(), zone.getId()))
        .map(rows -> (long) rows.rowCount());
  }

  /**
   * Writes spend_daily from the workers' month-by-month partial rollups (a day straddling two UTC
   * months has a part in each), in key order, then drops the collection tables. Returns the number of rows.
   */
  Future<Long> writeDaily(List<String> dailyTables) {
    String parts = String.join(" UNION ALL ", dailyTables.stream().map(t -> "SELECT * FROM " + t).toList());
    return conn.query("""
        INSERT INTO spend_daily (agency_id, client_id, day, basis, mode, brand, impressions, clicks, cost_fen, conversions)
        SELECT d.agency_id, d.client_id, d.day, b.basis, d.mode, d.brand, sum(d.impressions), sum(d.clicks), sum(d.cost_fen),
               sum(CASE b.basis WHEN 'billing' THEN d.conv_billing ELSE d.conv_conversion END)
          FROM (%s) d CROSS JOIN (VALUES ('billing'), ('conversion')) AS b(basis)
         GROUP BY d.agency_id, d.client_id, d.day, b.basis, d.mode, d.brand
         ORDER BY d.client_id, b.basis, d.day, d.mode, d.brand""".formatted(parts)).execute()
        .map(rows -> (long) rows.rowCount())
        .compose(n -> run("DROP TABLE " + String.join(", ", dailyTables)).map(n));
  }

  /**
   * Writes the ledger: accounts with balances equal to the sums of their entries (and every client's
   * four accounts even when empty), one transaction per reference, one entry per leg.
   */
  Future<Void> ledger(List<DemoPlan.Leg> legs, long[] agencyIds) {
    int n = legs.size();
    Long[] agency = new Long[n], amount = new Long[n];
    String[] txKind = new String[n], ref = new String[n], memo = new String[n], txClient = new String[n];
    String[] accountKind = new String[n], accountClient = new String[n];
    for (int i = 0; i < n; i++) {
      DemoPlan.Leg l = legs.get(i);
      agency[i] = agencyIds[l.agency()];
      txKind[i] = l.txKind();
      ref[i] = l.reference();
      memo[i] = l.memo();
      txClient[i] = l.txClientPid();
      accountKind[i] = l.accountKind();
      accountClient[i] = l.accountClientPid();
      amount[i] = l.amountFen();
    }
    return run("""
        CREATE TEMP TABLE demo_legs (seq int, agency_id bigint, tx_kind text, reference text, memo text, tx_client_pid text,
          account_kind text, account_client_pid text, amount_fen bigint) ON COMMIT DROP""")
        .compose(v -> conn.preparedQuery("""
            INSERT INTO demo_legs (seq, agency_id, tx_kind, reference, memo, tx_client_pid, account_kind, account_client_pid, amount_fen)
            SELECT seq::int, agency_id, tx_kind, reference, memo, tx_client_pid, account_kind, account_client_pid, amount_fen
              FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
                   WITH ORDINALITY AS u(agency_id, tx_kind, reference, memo, tx_client_pid, account_kind, account_client_pid,
                                        amount_fen, seq)""")
            .execute(Tuple.from(List.<Object>of(agency, txKind, ref, memo, txClient, accountKind, accountClient, amount))))
        .compose(v -> run("""
            INSERT INTO ledger_accounts (agency_id, client_id, kind, allow_negative, balance_fen)
            SELECT l.agency_id, c.id, l.account_kind, l.account_kind LIKE 'world%', sum(l.amount_fen)
              FROM demo_legs l LEFT JOIN clients c ON c.pid = l.account_client_pid
             GROUP BY l.agency_id, c.id, l.account_kind"""))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO ledger_accounts (agency_id, client_id, kind)
            SELECT c.agency_id, c.id, k.kind FROM clients c CROSS JOIN unnest($2::text[]) AS k(kind)
             WHERE c.agency_id = ANY($1)
            ON CONFLICT DO NOTHING""").execute(Tuple.from(List.<Object>of(toLongs(agencyIds), CLIENT_ACCOUNTS))))
        .compose(v -> run("""
            INSERT INTO ledger_transactions (agency_id, kind, reference, client_id, memo)
            SELECT DISTINCT ON (min_seq) agency_id, tx_kind, reference, client_id, memo
              FROM (SELECT min(l.seq) OVER (PARTITION BY l.agency_id, l.tx_kind, l.reference) AS min_seq,
                           l.agency_id, l.tx_kind, l.reference, c.id AS client_id, l.memo
                      FROM demo_legs l LEFT JOIN clients c ON c.pid = l.tx_client_pid) t
             ORDER BY min_seq"""))
        .compose(v -> run("""
            INSERT INTO ledger_entries (transaction_id, account_id, amount_fen)
            SELECT t.id, a.id, l.amount_fen
              FROM demo_legs l
              JOIN ledger_transactions t ON t.agency_id = l.agency_id AND t.kind = l.tx_kind AND t.reference = l.reference
              LEFT JOIN clients c ON c.pid = l.account_client_pid
              JOIN ledger_accounts a ON a.agency_id = l.agency_id AND a.kind = l.account_kind
                                    AND coalesce(a.client_id, 0) = coalesce(c.id, 0)
             ORDER BY l.seq"""));
  }

  private Future<Long> id(String sql, Tuple args) {
    return conn.preparedQuery(sql).execute(args).map(rows -> {
      Row r = rows.iterator().next();
      return r.getLong(0);
    });
  }

  private Future<Void> run(String sql) {
    return conn.query(sql).execute().mapEmpty();
  }

  private static Long[] toLongs(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) boxed[i] = values[i];
    return boxed;
  }
}
