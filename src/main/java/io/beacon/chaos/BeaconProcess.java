package io.beacon.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Beacon in a process of its own, started exactly as a user starts it ({@code io.beacon.Main} with
 * flags and environment, this JVM's class path), so that it can be killed with SIGKILL and the same
 * command started again on the same data directory and port.
 */
public final class BeaconProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final Path dataDir;
  public final int port;
  private final long startedNanos = System.nanoTime();

  private BeaconProcess(Process process, Path log, Path dataDir, int port) {
    this.process = process;
    this.log = log;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** {@code java -cp <class path> io.beacon.Main <args> --port <port> --data-dir <dataDir>}, output appended to {@code log}. */
  public static BeaconProcess start(Path dataDir, int port, Path log, Map<String, String> env, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.beacon.Main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return new BeaconProcess(pb.start(), log, dataDir, port);
  }

  public static BeaconProcess start(Path dataDir, Path log, Map<String, String> env, String... args) throws IOException {
    return start(dataDir, freePort(), log, env, args);
  }

  public String baseUrl() { return "http://localhost:" + port; }

  public long pid() { return process.pid(); }

  /** Waits until /health/ready answers 200; returns how long the start took. */
  public Duration awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("Beacon exited with " + process.exitValue() + " while starting:\n" + tail());
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYet) {
        // connection refused until the HTTP server listens
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Beacon not ready within " + limit + ":\n" + tail());
  }

  /** The exit code, waiting at most {@code limit}. */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("Beacon still running after " + limit);
    return process.exitValue();
  }

  /** SIGKILL of the JVM alone, as the OOM killer does: no shutdown hook runs. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * SIGKILL of the JVM and every process it started (engines, watchdog) at once, as a container runtime
   * does. The postmaster is not the JVM's descendant (pg_ctl starts it and exits), so it is found by its pid file.
   */
  public void kill9All() throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    postgres().flatMap(pg -> ProcessHandle.of(pg[0])).ifPresent(pg -> {
      tree.add(pg);
      tree.addAll(pg.descendants().toList());
    });
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    for (ProcessHandle p : tree) gone(p.pid(), Duration.ofSeconds(10));
  }

  /** The JVM's engine watchdog (a child shell that outlives a SIGKILLed JVM). */
  public Optional<ProcessHandle> watchdog() {
    return process.descendants().filter(p -> p.info().commandLine().orElse("").contains("beacon-engine-watchdog")).findFirst();
  }

  /** SIGTERM: the shutdown hook stops the engines. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) kill9();
  }

  /** The embedded PostgreSQL's pid (first line of postmaster.pid) and port (fourth line). */
  public Optional<long[]> postgres() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("pg/postmaster.pid"));
      return Optional.of(new long[] {Long.parseLong(lines.get(0).trim()), Long.parseLong(lines.get(3).trim())});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public Optional<Long> redisPid() {
    try {
      return Optional.of(Long.parseLong(Files.readString(dataDir.resolve("redis/redis.pid")).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The embedded PostgreSQL's URL, as {@code storage.pgUrl} takes it (its port changes with every start). */
  public String pgUrl() {
    long pgPort = postgres().orElseThrow(() -> new IllegalStateException("no postmaster.pid under " + dataDir))[1];
    return "postgresql://postgres@127.0.0.1:" + pgPort + "/postgres";
  }

  /** A JDBC connection to the embedded PostgreSQL. */
  public Connection jdbc() throws SQLException {
    long pgPort = postgres().orElseThrow(() -> new IllegalStateException("no postmaster.pid under " + dataDir))[1];
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", null);
  }

  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public String logText() throws IOException { return Files.readString(log); }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) stop();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until the process {@code pid} has gone; false if it is still there after {@code limit}. */
  public static boolean gone(long pid, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
      Thread.sleep(200);
    }
    return false;
  }
}
