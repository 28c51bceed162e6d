package io.beacon;

import io.beacon.auth.PasswordHasher;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agency of its own for one test: staff of every role (the dedicated employee is assigned the
 * first two clients), clients with ledger accounts, and tokens obtained through the real login.
 */
public final class TestAgency {
  public static final String PASSWORD = "test-password-1";
  private static final String HASH = PasswordHasher.hash(PASSWORD);
  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

  public final long id;
  public final String name;
  public final List<Long> clients;
  public final Map<Role, Long> staffIds = new EnumMap<>(Role.class);
  public final Map<Role, String> accounts = new EnumMap<>(Role.class);
  private final Map<Role, String> tokens = new EnumMap<>(Role.class);
  private final TestHttp http;

  private TestAgency(long id, String name, List<Long> clients, TestHttp http) {
    this.id = id;
    this.name = name;
    this.clients = clients;
    this.http = http;
  }

  public static TestAgency create() { return create(5); }

  public static TestAgency create(int clientCount) {
    Beacon beacon = TestBeacon.shared();
    Pool pg = beacon.platform().pg();
    String tag = "t" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    long agencyId = one(pg, "INSERT INTO agencies (name, pid) VALUES ($1, $2) RETURNING id", Tuple.of("Agency " + tag, "pid-" + tag)).getLong(0);
    List<Long> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      long clientId = one(pg, """
          INSERT INTO clients (agency_id, name, pid, email, industry, daily_budget_fen)
          VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""",
          Tuple.of(agencyId, "Client " + i + " " + tag, "cpid-" + tag + "-" + i, "c" + i + "@" + tag + ".test",
              i % 2 == 0 ? "education" : "retail", 1_000_000L)).getLong(0);
      clients.add(clientId);
    }
    TestAgency agency = new TestAgency(agencyId, "Agency " + tag, List.copyOf(clients), TestHttp.shared());
    for (Role role : List.of(Role.MAIN, Role.ADMIN, Role.EMPLOYEE, Role.DEDICATED)) {
      String account = role.dbValue() + "@" + tag;
      long loginId = one(pg, "INSERT INTO logins (account, password_hash, display_name) VALUES ($1, $2, $3) RETURNING id",
          Tuple.of(account, HASH, role.dbValue() + " of " + tag)).getLong(0);
      long staffId = one(pg, "INSERT INTO staff (agency_id, login_id, name, role) VALUES ($1, $2, $3, $4) RETURNING id",
          Tuple.of(agencyId, loginId, role.dbValue() + " " + tag, role.dbValue())).getLong(0);
      one(pg, "INSERT INTO identities (login_id, kind, agency_id, staff_id) VALUES ($1, 'agency', $2, $3) RETURNING id",
          Tuple.of(loginId, agencyId, staffId));
      agency.staffIds.put(role, staffId);
      agency.accounts.put(role, account);
    }
    for (Long clientId : clients.subList(0, Math.min(2, clients.size()))) {
      one(pg, "INSERT INTO staff_clients (agency_id, staff_id, client_id) VALUES ($1, $2, $3) RETURNING client_id",
          Tuple.of(agencyId, agency.staffIds.get(Role.DEDICATED), clientId));
    }
    return agency;
  }

  /** An access token for the staff member of {@code role}, through POST /api/v1/auth/login. */
  public synchronized String token(Role role) {
    return tokens.computeIfAbsent(role, r -> login(accounts.get(r)).getString("accessToken"));
  }

  public JsonObject login(String account) {
    TestHttp.Response r = http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", PASSWORD));
    if (r.status() != 200) throw new AssertionError("login of " + account + " failed: " + r);
    return r.json();
  }

  /** A client the dedicated employee is not assigned to. */
  public long unassignedClient() { return clients.get(clients.size() - 1); }

  public static Row one(Pool pg, String sql, Tuple args) {
    return pg.preparedQuery(sql).execute(args).await().iterator().next();
  }
}
