package io.beacon.platform;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One immutable configuration tree: conf/application.yaml (or the copy on the classpath), then
 * environment variables, then command-line flags. Validated once at start-up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BeaconConfig(String profile, String timeZone, String dataDir, Http http, Storage storage,
                           Demo demo, Auth auth, Live live, Push push, Tickets tickets,
                           Exports exports) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Http(int port, int bodyLimitBytes, String staticDir,
                     @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> trustedProxies) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  /**
   * {@code embeddedPgFsyncOff} is for throwaway data only (the test suite): the embedded PostgreSQL then runs
   * without fsync and synchronous commit, and a crash can lose or corrupt committed rows. Absent means off.
   */
  public record Storage(String pgUrl, String redisUrl, boolean redisCluster, int pgPoolSize, String redisAppendFsync,
                        boolean embeddedPgFsyncOff) {
    public boolean embeddedPg() { return pgUrl == null || pgUrl.isBlank(); }
    public boolean embeddedRedis() { return redisUrl == null || redisUrl.isBlank(); }

    /** The Redis URLs: one server, or seed nodes of a Redis Cluster (comma-separated). */
    public List<String> redisUrls() {
      return embeddedRedis() ? List.of() : Arrays.stream(redisUrl.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Demo(boolean enabled, long seed, int simulateRate, int historyDays) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Auth(int accessTokenTtlSeconds, int refreshTokenTtlDays, String jwtSecret, int qrTicketTtlSeconds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Live(int partitions, int coalesceMillis, int claimIdleMillis, int monitorSeconds, int reconcileMinutes) {}

  /** WebSocket / SSE push and webhooks (io.beacon.live.push). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Push(int queueLimit, int replayLimit, int pingSeconds, int idleSeconds, int authTimeoutSeconds,
                     int webhookMaxAttempts, int webhookBackoffMillis, int webhookTimeoutMillis,
                     int webhookDisableAfter, int webhookPollMillis) {}
  /** Tickets and leads: the support operator's credential, image limit, timers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tickets(String operatorKey, int imageMaxBytes, int sweepSeconds, int leadExpiryDays) {}

  /** Task center: finished export files are kept this many days, then deleted with their task. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Exports(int retentionDays) {}

  /** Environment variable → path in the tree. */
  static final Map<String, String> ENV = Map.ofEntries(
      Map.entry("BEACON_PROFILE", "profile"),
      Map.entry("BEACON_TIME_ZONE", "timeZone"),
      Map.entry("BEACON_DATA_DIR", "dataDir"),
      Map.entry("BEACON_HTTP_PORT", "http.port"),
      Map.entry("BEACON_BODY_LIMIT_BYTES", "http.bodyLimitBytes"),
      Map.entry("BEACON_STATIC_DIR", "http.staticDir"),
      Map.entry("BEACON_HTTP_TRUSTED_PROXIES", "http.trustedProxies"),
      Map.entry("BEACON_PG_URL", "storage.pgUrl"),
      Map.entry("BEACON_REDIS_URL", "storage.redisUrl"),
      Map.entry("BEACON_REDIS_CLUSTER", "storage.redisCluster"),
      Map.entry("BEACON_PG_POOL_SIZE", "storage.pgPoolSize"),
      Map.entry("BEACON_REDIS_APPENDFSYNC", "storage.redisAppendFsync"),
      Map.entry("BEACON_DEMO", "demo.enabled"),
      Map.entry("BEACON_DEMO_SEED", "demo.seed"),
      Map.entry("BEACON_SIMULATE_RATE", "demo.simulateRate"),
      Map.entry("BEACON_DEMO_HISTORY_DAYS", "demo.historyDays"),
      Map.entry("BEACON_ACCESS_TOKEN_TTL_SECONDS", "auth.accessTokenTtlSeconds"),
      Map.entry("BEACON_REFRESH_TOKEN_TTL_DAYS", "auth.refreshTokenTtlDays"),
      Map.entry("BEACON_JWT_SECRET", "auth.jwtSecret"),
      Map.entry("BEACON_QR_TICKET_TTL_SECONDS", "auth.qrTicketTtlSeconds"),
      Map.entry("BEACON_PARTITIONS", "live.partitions"),
      Map.entry("BEACON_COALESCE_MILLIS", "live.coalesceMillis"),
      Map.entry("BEACON_CLAIM_IDLE_MILLIS", "live.claimIdleMillis"),
      Map.entry("BEACON_MONITOR_SECONDS", "live.monitorSeconds"),
      Map.entry("BEACON_RECONCILE_MINUTES", "live.reconcileMinutes"),
      Map.entry("BEACON_PUSH_QUEUE_LIMIT", "push.queueLimit"),
      Map.entry("BEACON_PUSH_REPLAY_LIMIT", "push.replayLimit"),
      Map.entry("BEACON_PUSH_PING_SECONDS", "push.pingSeconds"),
      Map.entry("BEACON_PUSH_IDLE_SECONDS", "push.idleSeconds"),
      Map.entry("BEACON_WEBHOOK_MAX_ATTEMPTS", "push.webhookMaxAttempts"),
      Map.entry("BEACON_WEBHOOK_BACKOFF_MILLIS", "push.webhookBackoffMillis"),
      Map.entry("BEACON_OPERATOR_KEY", "tickets.operatorKey"),
      Map.entry("BEACON_TICKET_IMAGE_MAX_BYTES", "tickets.imageMaxBytes"),
      Map.entry("BEACON_TICKET_SWEEP_SECONDS", "tickets.sweepSeconds"),
      Map.entry("BEACON_LEAD_EXPIRY_DAYS", "tickets.leadExpiryDays"),
      Map.entry("BEACON_EXPORT_RETENTION_DAYS", "exports.retentionDays"));

  /** The environment variables Beacon reads (for deployment files and their checks). */
  public static java.util.Set<String> environmentVariables() { return ENV.keySet(); }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Loads defaults, then the environment, then {@code overrides} (dotted path → value). */
  public static BeaconConfig load(Map<String, String> env, Map<String, String> overrides) {
    ObjectNode tree = readDefaults();
    ENV.forEach((var, path) -> {
      String v = env.get(var);
      if (v != null) set(tree, path, v);
    });
    overrides.forEach((path, v) -> set(tree, path, v));
    BeaconConfig config;
    try {
      config = YAML.treeToValue(tree, BeaconConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration is invalid: " + e.getMessage(), e);
    }
    config.validate();
    return config;
  }

  public static BeaconConfig load(Map<String, String> overrides) {
    return load(System.getenv(), overrides);
  }

  public BeaconConfig with(String path, String value) {
    ObjectNode tree = YAML.valueToTree(this);
    set(tree, path, value);
    try {
      BeaconConfig c = YAML.treeToValue(tree, BeaconConfig.class);
      c.validate();
      return c;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public ZoneId zone() { return ZoneId.of(timeZone); }

  public boolean production() { return "production".equals(profile); }

  void validate() {
    List<String> problems = new ArrayList<>();
    if (http == null || http.port() < 0 || http.port() > 65535) problems.add("http.port must be 0..65535");
    if (http != null && http.bodyLimitBytes() < 1024) problems.add("http.bodyLimitBytes must be at least 1024");
    if (http != null) {
      try {
        ClientAddress.parse(http.trustedProxies());
      } catch (IllegalArgumentException e) {
        problems.add("http.trustedProxies must list CIDR blocks such as 10.0.0.0/8: " + e.getMessage());
      }
    }
    try { ZoneId.of(timeZone); } catch (Exception e) { problems.add("timeZone is not a time zone: " + timeZone); }
    if (live == null || live.partitions() < 1 || live.partitions() > 4096) problems.add("live.partitions must be 1..4096");
    if (live != null && live.coalesceMillis() < 10) problems.add("live.coalesceMillis must be at least 10");
    if (live != null && live.claimIdleMillis() < 100) problems.add("live.claimIdleMillis must be at least 100");
    if (live != null && live.monitorSeconds() < 1) problems.add("live.monitorSeconds must be at least 1");
    if (live != null && live.reconcileMinutes() < 0) problems.add("live.reconcileMinutes must be 0 (off) or more");
    if (push == null || push.queueLimit() < 1 || push.replayLimit() < 1) problems.add("push.queueLimit and push.replayLimit must be positive");
    if (push != null && (push.pingSeconds() < 1 || push.idleSeconds() <= push.pingSeconds()))
      problems.add("push.pingSeconds must be positive and push.idleSeconds larger than it");
    if (push != null && (push.authTimeoutSeconds() < 1 || push.webhookMaxAttempts() < 1 || push.webhookBackoffMillis() < 1
        || push.webhookTimeoutMillis() < 100 || push.webhookDisableAfter() < 1 || push.webhookPollMillis() < 10))
      problems.add("push.authTimeoutSeconds, push.webhook* must be positive (webhookTimeoutMillis at least 100)");
    if (storage == null || storage.pgPoolSize() < 1) problems.add("storage.pgPoolSize must be positive");
    if (storage != null && !java.util.Set.of("always", "everysec", "no").contains(storage.redisAppendFsync()))
      problems.add("storage.redisAppendFsync must be always, everysec or no");
    if (storage != null && storage.redisCluster() && storage.embeddedRedis())
      problems.add("storage.redisCluster needs storage.redisUrl (the cluster's node URLs); embedded Redis is a single server");
    if (storage != null && !storage.redisCluster() && storage.redisUrls().size() > 1)
      problems.add("storage.redisUrl lists several servers: set storage.redisCluster to true for a Redis Cluster");
    if (auth == null || auth.accessTokenTtlSeconds() < 10) problems.add("auth.accessTokenTtlSeconds must be at least 10");
    if (auth != null && (auth.qrTicketTtlSeconds() < 1 || auth.qrTicketTtlSeconds() > 3600)) problems.add("auth.qrTicketTtlSeconds must be 1..3600");
    if (exports == null || exports.retentionDays() < 1) problems.add("exports.retentionDays must be at least 1");
    if (tickets == null || tickets.imageMaxBytes() < 1024 || tickets.sweepSeconds() < 1 || tickets.leadExpiryDays() < 1) {
      problems.add("tickets.imageMaxBytes must be at least 1024, tickets.sweepSeconds and tickets.leadExpiryDays positive");
    }
    if (demo != null && (demo.historyDays() < 30 || demo.historyDays() > 366)) problems.add("demo.historyDays must be 30..366");
    if (demo != null && demo.enabled() && production()) problems.add("demo data is never loaded in the production profile");
    if (!problems.isEmpty()) throw new IllegalArgumentException("configuration is invalid: " + String.join("; ", problems));
  }

  private static ObjectNode readDefaults() {
    try {
      Path file = Path.of("conf", "application.yaml");
      if (Files.exists(file)) return (ObjectNode) YAML.readTree(file.toFile());
      try (InputStream in = BeaconConfig.class.getResourceAsStream("/application.yaml")) {
        return (ObjectNode) YAML.readTree(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read conf/application.yaml", e);
    }
  }

  private static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }
}
