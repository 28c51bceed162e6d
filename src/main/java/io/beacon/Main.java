package io.beacon;

import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Engines;
import io.beacon.platform.Migrations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Command line: {@code serve} (default), {@code migrate}, {@code bench}; the live feature adds {@code simulate}. */
@Command(name = "beacon", mixinStandardHelpOptions = true, version = "Beacon 0.1",
    description = "Real-time workbench for advertising agencies.",
    subcommands = {Main.Serve.class, Main.Migrate.class, Main.Bench.class, Main.Chaos.class, Main.Simulate.class})
public final class Main implements Callable<Integer> {

  /** Flags shared by the commands that start engines. */
  static class ServerOptions {
    @Option(names = "--port", description = "HTTP port (BEACON_HTTP_PORT); 0 picks a free one")
    Integer port;

    @Option(names = "--data-dir", description = "where embedded engines keep their data (BEACON_DATA_DIR)")
    String dataDir;

    Map<String, String> overrides() {
      Map<String, String> o = new HashMap<>();
      if (port != null) o.put("http.port", port.toString());
      if (dataDir != null) o.put("dataDir", dataDir);
      return o;
    }
  }

  @Command(name = "serve", description = "Run the server (the default command).")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions server = new ServerOptions();

    @Option(names = "--demo", description = "load demo data on an empty database and simulate live traffic")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
      Map<String, String> overrides = server.overrides();
      if (demo) overrides.put("demo.enabled", "true");
      BeaconConfig config = BeaconConfig.load(overrides);
      Beacon beacon = Beacon.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        beacon.close();
        stopped.countDown();
      }, "beacon-shutdown"));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "simulate", description = "Send simulated spend events to a Beacon (M10) and print the throughput.")
  static final class Simulate implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Beacon base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = {"--ingest-key", "--key"}, required = true, description = "the agency's ingest key (X-Beacon-Ingest-Key)")
    String key;

    @Option(names = "--rate", defaultValue = "1000", description = "events per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "0", description = "stop after this many seconds, then print a JSON summary (0 = run until stopped)")
    int seconds;

    @Option(names = "--seed", defaultValue = "20261125", description = "random seed of the traffic model")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
      io.vertx.core.json.JsonObject result = io.beacon.live.Simulator.runCli(url, key, rate, seconds, seed);
      if (result == null) return 2;
      System.out.println(result.encode());
      return result.getLong("failedBatches") == 0 ? 0 : 1;
    }
  }

  @Command(name = "migrate", description = "Apply database migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions server = new ServerOptions();

    @Override
    public Integer call() {
      BeaconConfig config = BeaconConfig.load(server.overrides());
      try (Engines engines = Engines.start(config)) {
        var result = Migrations.migrate(engines);
        System.out.println("schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " applied)");
      }
      return 0;
    }
  }

  @Command(name = "bench", description = "Measure ingest, push, connection cost and API latency against baselines; prints JSON.")
  static final class Bench implements Callable<Integer> {
    @Option(names = "--quick", description = "a run of under a minute (CI smoke check)")
    boolean quick;

    @Option(names = "--out", description = "also write the JSON report to this file")
    java.nio.file.Path out;

    @Option(names = "--only", paramLabel = "<scenario,...>",
        description = "run only these scenarios (comma-separated): redis_limit, pg_naive, ingest, push, fanout_bare, connections, rest")
    String only;

    @Option(names = "--url", description = "bench a running Beacon with the demo data instead of starting one")
    String url;

    @Option(names = "--redis-url", description = "with --url: its Redis, for the baselines")
    String redisUrl;

    @Option(names = "--pg-url", description = "with --url: its PostgreSQL, for the baselines and client lists")
    String pgUrl;

    @Override
    public Integer call() throws Exception {
      if (url != null && (redisUrl == null || pgUrl == null)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--url needs --redis-url and --pg-url");
      }
      java.util.Set<String> scenarios;
      try {
        scenarios = io.beacon.bench.BenchRun.select(only);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--only: " + e.getMessage());
      }
      String json = io.beacon.bench.BenchRun.run(quick, scenarios, url, redisUrl, pgUrl).encodePrettily();
      System.out.println(json);
      if (out != null) java.nio.file.Files.writeString(out, json + "\n");
      return 0;
    }
  }

  @Command(name = "chaos", description = "Run the reliability scenarios (kill -9 mid-ingest, PostgreSQL down, Redis restart, "
      + "dropped dashboards, a slow consumer) against real processes; prints JSON, exit code 1 if a guarantee failed.")
  static final class Chaos implements Callable<Integer> {
    @Option(names = "--quick", description = "short durations (the CI run)")
    boolean quick;

    @Option(names = "--seed", defaultValue = "20261207", description = "seed of the senders and of which connections drop")
    long seed;

    @Option(names = "--only", paramLabel = "<scenario,...>", description = "run only these: kill9, resume, slow_consumer, pg_down, redis_restart")
    String only;

    @Option(names = "--out", description = "also write the JSON report to this file")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
      java.util.Set<String> scenarios;
      try {
        scenarios = io.beacon.chaos.ChaosRun.select(only);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--only: " + e.getMessage());
      }
      io.vertx.core.json.JsonObject report = io.beacon.chaos.ChaosRun.run(quick, seed, scenarios);
      String json = report.encodePrettily();
      System.out.println(json);
      if (out != null) java.nio.file.Files.writeString(out, json + "\n");
      return report.getBoolean("passed") ? 0 : 1;
    }
  }

  @CommandLine.Mixin ServerOptions server = new ServerOptions();

  @Option(names = "--demo", description = "load demo data on an empty database and simulate live traffic")
  boolean demo;

  /** Without a sub-command Beacon serves. */
  @Override
  public Integer call() throws InterruptedException {
    Serve serve = new Serve();
    serve.server = server;
    serve.demo = demo;
    return serve.call();
  }

  /** Commands whose stdout is their result (JSON for scripts): their log goes to stderr (conf/logback.xml). */
  private static final java.util.Set<String> RESULT_ON_STDOUT = java.util.Set.of("bench", "chaos", "simulate");

  /** A start refused for a reason the user can act on is one line, not a stack trace; anything else stays loud. */
  private static int refusal(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (!(e instanceof io.beacon.platform.DataDirLock.DataDirInUseException)) throw e;
    cmd.getErr().println("beacon: " + e.getMessage());
    return 2;
  }

  public static void main(String[] args) {
    // Before anything logs: logback reads the target once, when it starts.
    if (args.length > 0 && RESULT_ON_STDOUT.contains(args[0])) System.setProperty("BEACON_LOG_TARGET", "System.err");
    System.exit(new CommandLine(new Main()).setExecutionExceptionHandler(Main::refusal).execute(args));
  }
}
