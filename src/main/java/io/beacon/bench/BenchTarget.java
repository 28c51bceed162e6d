package io.beacon.bench;

import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Engines;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Beacon under test: by default a child JVM (so its heap is measured apart from the load
 * generator's) running the demo data on engines this process starts, or a server named by --url.
 */
final class BenchTarget implements AutoCloseable {
  static final String TOTAL = "TOTAL";
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*");
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");

  final String baseUrl;
  final String redisUrl;
  final String pgUrl;
  private final Engines engines;
  private final Process process;
  final CpuMeter cpu;
  /** The server's counter coalescing window ({@code live.coalesceMillis}); null for a server somebody else runs. */
  final Integer coalesceMillis;

  private BenchTarget(String baseUrl, String redisUrl, String pgUrl, Engines engines, Process process, Path engineDir) {
    this.baseUrl = baseUrl;
    this.redisUrl = redisUrl;
    this.pgUrl = pgUrl;
    this.engines = engines;
    this.cpu = new CpuMeter(process == null ? null : process.toHandle(), engineDir == null ? null : engineDir.toString());
    this.process = process;
    // The child inherits this environment, so it reads the same configuration.
    this.coalesceMillis = process == null ? null : BeaconConfig.load(Map.of()).live().coalesceMillis();
  }

  /** A server somebody else runs; baselines need its Redis and PostgreSQL URLs. */
  static BenchTarget external(String url, String redisUrl, String pgUrl) {
    return new BenchTarget(url.replaceAll("/$", ""), redisUrl, pgUrl, null, null, null);
  }

  /** Embedded engines here, Beacon with demo data (and no simulated traffic) in a child JVM. */
  static BenchTarget launch(Path dir, int historyDays) throws IOException, InterruptedException {
    Path engineDir = dir.resolve("engines").toAbsolutePath().normalize();
    Engines engines = Engines.start(BeaconConfig.load(Map.of("dataDir", engineDir.toString())));
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
    String java = ProcessHandle.current().info().command().orElse("java");
    // The shell raises the open-file limit to the hard limit so 10,000 sockets fit.
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n $(ulimit -Hn); exec \"$@\"", "beacon-bench-target",
        java, "-cp", System.getProperty("java.class.path"), "io.beacon.Main", "--demo",
        "--port", String.valueOf(port), "--data-dir", dir.resolve("beacon").toString());
    pb.environment().put("BEACON_PG_URL", engines.pgUrl());
    pb.environment().put("BEACON_REDIS_URL", engines.redisUrl());
    pb.environment().put("BEACON_SIMULATE_RATE", "0");
    pb.environment().put("BEACON_DEMO_HISTORY_DAYS", String.valueOf(historyDays));
    pb.environment().put("BEACON_LOG_LEVEL", "WARN");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("beacon.log").toFile());
    Process process = pb.start();
    BenchTarget target = new BenchTarget("http://127.0.0.1:" + port, engines.redisUrl(), engines.pgUrl(), engines, process, engineDir);
    try {
      target.awaitReady(dir.resolve("beacon.log"), Duration.ofMinutes(5));
    } catch (IOException | RuntimeException e) {
      target.close();
      throw e;
    }
    return target;
  }

  private void awaitReady(Path log, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IOException("Beacon under test exited with " + process.exitValue() + "; its log: " + log);
      }
      try {
        var r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IOException("Beacon under test not ready within " + timeout);
  }

  String where() { return process != null ? "child JVM (pid " + process.pid() + ") on loopback" : baseUrl; }

  /**
   * Live heap bytes per class after a full GC (the JVM's class histogram), empty when the server is
   * not our child. The key {@code TOTAL} holds the sum.
   */
  Map<String, Long> liveHeapByClass() throws IOException, InterruptedException {
    Map<String, Long> bytes = new HashMap<>();
    if (process == null) return bytes;
    for (String line : jcmd("GC.class_histogram").lines().toList()) {
      Matcher row = HISTOGRAM_ROW.matcher(line);
      Matcher total = HISTOGRAM_TOTAL.matcher(line);
      if (row.matches()) bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
      else if (total.matches()) bytes.put(TOTAL, Long.parseLong(total.group(1)));
    }
    return bytes;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    // The child is bash exec'ing java: same pid.
    Process p = new ProcessBuilder(List.of("jcmd", String.valueOf(process.pid()), command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  JsonObject describe() {
    return new JsonObject().put("server", where()).put("load_generator", "this JVM (" + ProcessHandle.current().pid() + "), loopback");
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (engines != null) engines.close();
  }
}
