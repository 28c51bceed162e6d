package io.beacon.platform;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL and Redis for one Beacon process: the external servers named in the configuration, or
 * real embedded engines started here whose data lives under the data directory.
 */
public final class Engines implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engines.class);

  private EmbeddedPostgres embeddedPg;
  private final RedisServer embeddedRedis;
  private final String pgUrl;
  private final List<String> redisUrls;
  private final DataDirLock lock;
  private final EngineWatchdog watchdog;

  private final BeaconConfig config;

  private Engines(BeaconConfig config, Started started, String pgUrl, List<String> redisUrls) {
    this.config = config;
    this.embeddedPg = started.pg;
    this.embeddedRedis = started.redis;
    this.lock = started.lock;
    this.watchdog = started.watchdog;
    this.pgUrl = pgUrl;
    this.redisUrls = redisUrls;
  }

  /** What {@link #start} has brought up so far, so a failure half-way stops exactly that. */
  private static final class Started {
    DataDirLock lock;
    EmbeddedPostgres pg;
    RedisServer redis;
    EngineWatchdog watchdog;

    void close() {
      if (watchdog != null) watchdog.close();
      closeQuietly(pg, redis);
      if (lock != null) lock.close();
    }
  }

  /**
   * Starts what the configuration does not point elsewhere. Blocking: call at start-up only. Embedded
   * engines left running on this data directory by a Beacon that was killed are stopped cleanly first; a
   * data directory held by another live Beacon is refused.
   */
  public static Engines start(BeaconConfig config) {
    Path dataDir = Path.of(config.dataDir()).toAbsolutePath().normalize();
    Started started = new Started();
    String pgUrl = config.storage().pgUrl();
    List<String> redisUrls = config.storage().redisUrls();
    Path pgDir = null;
    Path redisDir = null;
    try {
      if (config.storage().embeddedPg() || config.storage().embeddedRedis()) {
        started.lock = DataDirLock.acquire(dataDir);
        dataDir = dataDir.toRealPath(); // the engines' /proc/{pid}/cwd is a real path
      }
      if (config.storage().embeddedPg()) {
        pgDir = Files.createDirectories(dataDir.resolve("pg"));
        LeftoverEngines.stopPostgres(pgDir);
        started.pg = startPg(pgDir, freePort(), !config.storage().embeddedPgFsyncOff());
        pgUrl = "postgresql://postgres@127.0.0.1:" + started.pg.getPort() + "/postgres";
        log.info("embedded PostgreSQL on port {} with data in {}{}", started.pg.getPort(), pgDir,
            config.storage().embeddedPgFsyncOff() ? " (fsync OFF: throwaway data only)" : "");
      } else {
        log.info("external PostgreSQL at {}", redact(pgUrl));
      }
      if (config.storage().embeddedRedis()) {
        redisDir = Files.createDirectories(dataDir.resolve("redis"));
        LeftoverEngines.stopRedis(redisDir);
        int port = freePort();
        started.redis = RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("dir " + redisDir)
            .setting("pidfile " + redisDir.resolve(LeftoverEngines.REDIS_PID_FILE))
            .setting("appendonly yes")
            .setting("appendfsync " + config.storage().redisAppendFsync())
            .setting("save \"\"")
            .build();
        started.redis.start();
        redisUrls = List.of("redis://127.0.0.1:" + port);
        log.info("embedded Redis on port {} with AOF in {} (appendfsync {})", port, redisDir, config.storage().redisAppendFsync());
      } else if (config.storage().redisCluster()) {
        log.info("external Redis Cluster, seed nodes {}", redisUrls.stream().map(Engines::redact).toList());
      } else {
        log.info("external Redis at {}", redact(redisUrls.get(0)));
      }
      if (pgDir != null || redisDir != null) started.watchdog = EngineWatchdog.start(pgDir, redisDir);
      return new Engines(config, started, pgUrl, redisUrls);
    } catch (IOException e) {
      started.close();
      throw new UncheckedIOException("cannot start embedded engines under " + dataDir, e);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /** Says in the data directory's lock file where this Beacon serves, for a second one that finds it taken. */
  public void servingOn(int httpPort) {
    if (lock != null) lock.describe("pid " + ProcessHandle.current().pid() + ", http://localhost:" + httpPort);
  }

  public String pgUrl() { return pgUrl; }

  /** One Redis server to connect to: the server, or the first seed node of a cluster (pub/sub reaches every node). */
  public String redisUrl() { return redisUrls.get(0); }

  /** The configured Redis URLs, as {@code storage.redisUrl} takes them (comma-separated). */
  public String redisUrlSetting() { return String.join(",", redisUrls); }

  public boolean redisCluster() { return config.storage().redisCluster(); }

  /**
   * A pooled client of this Redis: a standalone client, or with {@code storage.redisCluster} a cluster
   * client ({@link RedisClientType#CLUSTER}: slots from the seed nodes, MOVED/ASK followed) whose batches
   * may span nodes ({@link ClusterRedis}).
   */
  public Redis redisClient(Vertx vertx, int maxPoolSize) {
    Redis first = Redis.createClient(vertx, pooled(maxPoolSize).setConnectionString(redisUrl()));
    if (!redisCluster()) return first;
    Redis cluster = Redis.createClient(vertx, pooled(maxPoolSize).setType(RedisClientType.CLUSTER).setEndpoints(new ArrayList<>(redisUrls)));
    return new ClusterRedis(vertx, cluster, first, Math.max(1, maxPoolSize - 8));
  }

  private static RedisOptions pooled(int maxPoolSize) {
    return new RedisOptions().setMaxPoolSize(maxPoolSize).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000);
  }

  public PgConnectOptions pgOptions() { return PgConnectOptions.fromUri(pgUrl); }

  /** JDBC form of the PostgreSQL URL, for Flyway at start-up. */
  public String jdbcUrl() {
    PgConnectOptions o = pgOptions();
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  private static EmbeddedPostgres startPg(Path dir, int port, boolean durable) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.toFile())
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("max_connections", "300")
        // a single-node engine: no replicas to feed, so bulk loads into new tables skip the WAL
        .setServerConfig("wal_level", "minimal")
        .setServerConfig("max_wal_senders", "0")
        .setServerConfig("max_wal_size", "2GB")
        // the library starts PostgreSQL with -F (fsync off) and synchronous_commit off; these -c settings come
        // after it and win, so a committed ledger row survives a crash or a power cut
        .setServerConfig("fsync", durable ? "on" : "off")
        .setServerConfig("synchronous_commit", durable ? "on" : "off")
        .setServerConfig("full_page_writes", durable ? "on" : "off")
        .start();
  }

  /** Stops the embedded PostgreSQL (for tests of readiness and catch-up); the data stays. */
  public void stopPg() throws IOException { if (embeddedPg != null) embeddedPg.close(); }

  /** Starts the embedded PostgreSQL again on the same port and data directory. */
  public void startPg() throws IOException {
    if (embeddedPg == null) return;
    PgConnectOptions o = pgOptions();
    Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize().resolve("pg");
    embeddedPg = startPg(dir, o.getPort(), !config.storage().embeddedPgFsyncOff());
  }

  public boolean embeddedRedis() { return embeddedRedis != null; }

  public boolean embeddedPg() { return embeddedPg != null; }

  /** Stops the embedded Redis (for tests of readiness); the data stays. */
  public void stopRedis() throws IOException { if (embeddedRedis != null) embeddedRedis.stop(); }

  public void startRedis() throws IOException { if (embeddedRedis != null) embeddedRedis.start(); }

  @Override
  public void close() {
    if (watchdog != null) watchdog.close();
    closeQuietly(embeddedPg, embeddedRedis);
    if (lock != null) lock.close();
  }

  private static void closeQuietly(EmbeddedPostgres pg, RedisServer redis) {
    try {
      if (redis != null && redis.isActive()) redis.stop();
    } catch (Exception e) {
      log.warn("stopping embedded Redis failed", e);
    }
    try {
      if (pg != null) pg.close();
    } catch (Exception e) {
      log.warn("stopping embedded PostgreSQL failed", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String redact(String url) {
    return url == null ? null : url.replaceAll("//([^:@/]+):[^@/]*@", "//$1:***@");
  }
}
