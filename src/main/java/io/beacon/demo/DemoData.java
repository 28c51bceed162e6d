package io.beacon.demo;

import io.beacon.auth.PasswordHasher;
import io.beacon.finance.FinanceDemo;
import io.beacon.finance.SpendHistoryStore;
import io.beacon.live.Live;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo data (README "Demo logins"), loaded with {@code --demo} into an empty database only (never in the
 * production profile): two agencies, the demo logins, ~300 clients over ten industries with budgets,
 * balances and coupons (as ledger transactions), and 180 days of hourly spend history generated
 * inside PostgreSQL and posted to the ledger as live spend is. Deterministic for a seed and a day. It is loaded under a PostgreSQL advisory
 * lock, so two instances starting together load it once. Everything visible is one transaction: the
 * history is written by worker transactions into detached tables that only that transaction attaches,
 * so a crash mid-way leaves an empty database (and leftovers the next load drops) that the next start fills.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  public static final String PASSWORD = "beacon-demo";
  public static final String INGEST_KEY = "demo-ingest-key";
  /** pid of the demo agency 星河数字营销. */
  public static final String AGENCY_PID = "2088601000000001";

  /** What was loaded, for other features' demo content. Client ids are in plan order. */
  public record Loaded(long agencyId, long rivalAgencyId, Map<String, Long> staffIds, List<Long> clientIds,
                       List<Long> rivalClientIds, List<Long> dedicatedClientIds, long hourlyRows, long dailyRows,
                       long millis) {}

  private DemoData() {}

  /**
   * In demo mode, loads the demo into an empty database and then lets other features add theirs;
   * on a database that already holds data it loads nothing. Either way the demo agency (if present)
   * gets its ingest key. Blocking: call at start-up only.
   */
  public static void loadIfRequested(Platform platform, Live live) {
    BeaconConfig config = platform.config();
    if (!config.demo().enabled()) return;
    if (config.production()) throw new IllegalStateException("demo data is never loaded in the production profile");
    SqlConnection conn = platform.pg().getConnection().await();
    try {
      DemoStore store = new DemoStore(conn);
      store.lock().await();
      try {
        if (store.empty().await()) {
          Loaded loaded = load(platform, conn, store);
          log.info("demo data loaded in {} ms: {} clients, {} hourly and {} daily spend rows", loaded.millis(),
              loaded.clientIds().size() + loaded.rivalClientIds().size(), loaded.hourlyRows(), loaded.dailyRows());
          long others = System.nanoTime();
          // --- demo content of other features, loaded side by side: one line each (issue owners add theirs) ---
          Future.all(List.of(
              FinanceDemo.load(platform, loaded.agencyId(), loaded.clientIds()),
              FinanceDemo.load(platform, loaded.rivalAgencyId(), loaded.rivalClientIds()),
              io.beacon.tickets.TicketsDemo.load(platform, loaded.agencyId(), loaded.staffIds(), loaded.clientIds(), 48, config.demo().seed()),
              io.beacon.channel.LeadsDemo.load(platform, loaded.agencyId(), loaded.staffIds(), 200, config.demo().seed()),
              io.beacon.qualifications.QualificationsDemo.load(platform, loaded.agencyId(), loaded.staffIds(), loaded.clientIds(), 60, config.demo().seed()),
              io.beacon.notices.Announcements.loadDemo(platform),
              io.beacon.partner.PartnerDemo.load(platform, loaded.agencyId()),   // channel cooperation: indicators, health, tasks
              io.beacon.accounts.AuthorizationsDemo.load(platform, loaded.agencyId(), loaded.staffIds())   // account info, client and asset authorisations
          )).await();
          log.info("demo content of the other features loaded in {} ms", (System.nanoTime() - others) / 1_000_000);
        } else {
          log.info("demo mode: the database already holds data, demo data is not loaded again");
        }
        Long agencyId = store.agencyByPid(AGENCY_PID).await();
        if (agencyId != null) live.ingestKeys().ensure(agencyId, "demo", INGEST_KEY).await();
      } finally {
        store.unlock().await();
      }
    } finally {
      conn.close().await();
    }
  }

  /** Where to point a browser and how to sign in, for the start-up log of demo mode. */
  public static String banner(int port) {
    return """
        demo ready: open http://localhost:%d and sign in with main@demo, admin@demo, staff@demo, dedicated@demo, \
        multi@demo or main@rival (password %s); ingest key %s""".formatted(port, PASSWORD, INGEST_KEY);
  }

  /** Connections generating history side by side (each takes every WORKERS-th month). */
  private static final int WORKERS = 2;

  static Loaded load(Platform platform, SqlConnection conn, DemoStore store) {
    long t0 = System.nanoTime();
    BeaconConfig config = platform.config();
    ZoneId zone = config.zone();
    long seed = config.demo().seed();
    LocalDate today = LocalDate.now(platform.clock().withZone(zone));
    DemoPlan plan = DemoPlan.create(seed, today, config.demo().historyDays());
    // one hash of the public demo password serves every demo login
    String passwordHash = PasswordHasher.hash(PASSWORD);
    List<String> dailyTables = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) dailyTables.add("demo_load_daily_" + w);
    store.dropLeftovers(dailyTables).await();

    Transaction tx = conn.begin().await();
    try {
      store.fastCommit().await();
      // the agencies exist from now on: finance posts live spend from their creation, the history is posted below
      OffsetDateTime founded = OffsetDateTime.now(platform.clock());
      long[] agencyIds = new long[plan.agencies().size()];
      for (int a = 0; a < agencyIds.length; a++) agencyIds[a] = store.insertAgency(plan.agencies().get(a), zone, founded).await();

      List<Long> clientIds = store.insertClients(plan.clients(), agencyIds, plan.firstDay(), plan.days(), zone).await();
      List<Long> mainClients = new ArrayList<>();
      List<Long> rivalClients = new ArrayList<>();
      List<Long> dedicated = new ArrayList<>();
      Long multiClient = null;
      for (int i = 0; i < clientIds.size(); i++) {
        DemoPlan.Client c = plan.clients().get(i);
        (c.agency() == 0 ? mainClients : rivalClients).add(clientIds.get(i));
        if (c.agency() == 0 && "active".equals(c.status())) {
          if (multiClient == null) multiClient = clientIds.get(i);
          else if (dedicated.size() < DemoPlan.DEDICATED_CLIENTS) dedicated.add(clientIds.get(i));
        }
      }

      Map<String, Long> staffIds = new LinkedHashMap<>();
      for (DemoPlan.Account a : plan.accounts()) {
        long agencyId = agencyIds[a.agency()];
        long loginId = store.insertLogin(a, passwordHash).await();
        long staffId = store.insertStaff(agencyId, loginId, a.displayName(), a.role()).await();
        store.insertAgencyIdentity(loginId, agencyId, staffId).await();
        if (a.clientIdentity()) store.insertClientIdentity(loginId, agencyId, multiClient).await();
        staffIds.put(a.account(), staffId);
        if ("dedicated".equals(a.role())) store.assignClients(agencyId, staffId, dedicated).await();
      }
      store.ledger(plan.ledgerLegs(), agencyIds).await();
      log.debug("demo: accounts, clients and ledger written after {} ms", (System.nanoTime() - t0) / 1_000_000);

      // history: worker transactions fill detached monthly partitions side by side (the main
      // transaction's rows need not be visible to them: spend tables carry ids, not foreign keys)
      OffsetDateTime from = plan.firstDay().atStartOfDay(zone).toOffsetDateTime();
      OffsetDateTime to = plan.firstDay().plusDays(plan.days()).atStartOfDay(zone).toOffsetDateTime();
      List<DemoStore.Month> months = DemoStore.Month.covering(from, to);
      List<Future<List<DemoStore.MonthLoad>>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        List<DemoStore.Month> mine = new ArrayList<>();
        for (int m = w; m < months.size(); m += WORKERS) mine.add(months.get(m));
        String daily = dailyTables.get(w);
        workers.add(platform.pg().withTransaction(c -> {
          DemoStore worker = new DemoStore(c);
          List<DemoStore.MonthLoad> loads = new ArrayList<>();
          Future<?> chain = worker.fastCommit().compose(v -> worker.stageHistory(plan, clientIds, agencyIds, zone, daily));
          for (DemoStore.Month month : mine) {
            chain = chain.compose(v -> worker.loadMonth(seed, month, zone, daily)).onSuccess(l -> {
              loads.add(l);
              log.debug("demo: history of {} written after {} ms", month.table(), (System.nanoTime() - t0) / 1_000_000);
            });
          }
          return chain.map(v -> loads);
        }));
      }
      Future.all(workers).await();
      long hourly = 0;
      for (Future<List<DemoStore.MonthLoad>> w : workers) {
        for (DemoStore.MonthLoad l : w.result()) {
          hourly += l.rows();
          if (l.detached()) store.attach(l.month()).await();
        }
      }
      long daily = store.writeDaily(dailyTables).await();
      // the history goes to the ledger as live spend does, so finance's spend lists and reconciliation cover it
      long spendTx = SpendHistoryStore.post(conn, java.util.Arrays.stream(agencyIds).boxed().toList(), from, to).await();
      log.debug("demo: {} history spend transactions posted after {} ms", spendTx, (System.nanoTime() - t0) / 1_000_000);
      tx.commit().await();
      return new Loaded(agencyIds[0], agencyIds[1], Map.copyOf(staffIds), List.copyOf(mainClients), List.copyOf(rivalClients),
          List.copyOf(dedicated), hourly, daily, (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      tx.rollback().otherwiseEmpty().await();
      store.dropLeftovers(dailyTables).otherwiseEmpty().await();
      throw new IllegalStateException("loading the demo data failed; the database is left empty", e);
    }
  }
}
