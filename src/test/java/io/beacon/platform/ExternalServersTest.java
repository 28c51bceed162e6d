package io.beacon.platform;

import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.PasswordHasher;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same server against standalone PostgreSQL and Redis: those named by BEACON_PG_URL /
 * BEACON_REDIS_URL, else the ones on 127.0.0.1:5432 and :6379; skipped when they are unreachable.
 * It works in a database of its own (created and dropped here) and Redis database 14, with ids moved
 * to a random range so that its Redis keys cannot meet those of another run.
 */
class ExternalServersTest {
  private static final int REDIS_DB = 14;

  @Test
  @DisplayName("with external server URLs Beacon starts no embedded engine, is ready, and serves logins")
  void externalServers() throws Exception {
    String pgBase = env("BEACON_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    String redisBase = env("BEACON_REDIS_URL", "redis://127.0.0.1:6379");
    PgConnectOptions pg = PgConnectOptions.fromUri(pgBase);
    URI redis = URI.create(redisBase);
    assumeTrue(reachable(pg.getHost(), pg.getPort()), "no PostgreSQL at " + pg.getHost() + ":" + pg.getPort());
    assumeTrue(reachable(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort()), "no Redis at " + redisBase);

    String database = "beacon_ext_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    String admin = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
    try (Connection c = DriverManager.getConnection(admin, pg.getUser(), pg.getPassword())) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    try {
      String userInfo = pg.getUser() + (pg.getPassword() == null || pg.getPassword().isEmpty() ? "" : ":" + pg.getPassword());
      String pgUrl = "postgresql://" + userInfo + "@" + pg.getHost() + ":" + pg.getPort() + "/" + database;
      String redisUrl = redis.getScheme() + "://" + (redis.getRawUserInfo() == null ? "" : redis.getRawUserInfo() + "@")
          + redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort()) + "/" + REDIS_DB;
      Path dataDir = Files.createTempDirectory("beacon-external");
      BeaconConfig config = TestBeacon.config(Map.of("storage.pgUrl", pgUrl, "storage.redisUrl", redisUrl,
          "dataDir", dataDir.toString()));
      long idBase = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000) * 1000;
      try (Engines engines = Engines.start(config)) {
        assertFalse(engines.embeddedPg());
        assertFalse(engines.embeddedRedis());
        Migrations.migrate(engines);
        try (Connection c = DriverManager.getConnection(engines.jdbcUrl(), pg.getUser(), pg.getPassword())) {
          for (String seq : new String[] {"agencies_id_seq", "clients_id_seq", "logins_id_seq", "staff_id_seq", "identities_id_seq"}) {
            c.createStatement().execute("ALTER SEQUENCE " + seq + " RESTART WITH " + idBase);
          }
        }
      }

      try (Beacon beacon = Beacon.start(config)) {
        assertFalse(beacon.platform().engines().embeddedPg(), "no embedded PostgreSQL");
        assertFalse(beacon.platform().engines().embeddedRedis(), "no embedded Redis");
        assertFalse(Files.exists(dataDir.resolve("pg")) || Files.exists(dataDir.resolve("redis")), "nothing under the data dir");
        TestHttp http = new TestHttp("http://localhost:" + beacon.port());
        TestHttp.Response ready = http.get("/health/ready", null);
        assertEquals(200, ready.status(), ready.toString());

        String account = "ext-" + idBase + "@test";
        try (Connection c = DriverManager.getConnection(beacon.platform().engines().jdbcUrl(), pg.getUser(), pg.getPassword())) {
          long agency = insert(c, "INSERT INTO agencies (name, pid) VALUES ('External', ?) RETURNING id", "ext-" + idBase);
          long login = insert(c, "INSERT INTO logins (account, password_hash, display_name) VALUES (?, ?, 'Ext') RETURNING id",
              account, PasswordHasher.hash("external-pass-1"));
          long staff = insert(c, "INSERT INTO staff (agency_id, login_id, name, role) VALUES (?, ?, 'Ext', 'main') RETURNING id", agency, login);
          insert(c, "INSERT INTO identities (login_id, kind, agency_id, staff_id) VALUES (?, 'agency', ?, ?) RETURNING id", login, agency, staff);
        }
        TestHttp.Response tokens = http.post("/api/v1/auth/login", null,
            new JsonObject().put("account", account).put("password", "external-pass-1"));
        assertEquals(200, tokens.status(), tokens.toString());
        TestHttp.Response me = http.get("/api/v1/me", tokens.json().getString("accessToken"));
        assertEquals(200, me.status());
        assertEquals("main", me.json().getString("role"));
        assertTrue(me.json().getLong("agencyId") >= idBase);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(admin, pg.getUser(), pg.getPassword())) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private static long insert(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) st.setObject(i + 1, args[i]);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
