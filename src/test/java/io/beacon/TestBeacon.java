package io.beacon;

import io.beacon.platform.BeaconConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Beacon per test JVM on real engines: embedded PostgreSQL and Redis in a temporary data
 * directory, or the external servers named by BEACON_PG_URL / BEACON_REDIS_URL. Tests share it and
 * keep apart by creating their own agency.
 */
public final class TestBeacon {
  private static Beacon shared;

  private TestBeacon() {}

  public static synchronized Beacon shared() {
    if (shared == null) {
      shared = Beacon.start(config(Map.of()));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Test configuration: a fresh data directory, a free port, the environment's engine URLs if any. */
  public static BeaconConfig config(Map<String, String> extra) {
    try {
      Map<String, String> o = new HashMap<>();
      o.put("dataDir", Files.createTempDirectory("beacon-test").toString());
      o.put("http.port", "0");
      o.put("storage.embeddedPgFsyncOff", "true"); // throwaway data: the suite runs without fsync
      o.putAll(extra);
      return BeaconConfig.load(System.getenv(), o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A second instance on the same PostgreSQL and Redis as {@link #shared()} (scale-out tests). */
  public static Beacon another(Map<String, String> extra) {
    Beacon first = shared();
    Map<String, String> o = new HashMap<>(extra);
    o.put("storage.pgUrl", first.platform().engines().pgUrl());
    o.put("storage.redisUrl", first.platform().engines().redisUrl());
    return Beacon.start(config(o));
  }

  /** Deletes a test's own data directory (embedded engines stopped first); best effort, it is only /tmp. */
  public static void deleteTree(Path dir) {
    if (dir == null) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  public static String baseUrl() {
    return "http://localhost:" + shared().port();
  }
}
