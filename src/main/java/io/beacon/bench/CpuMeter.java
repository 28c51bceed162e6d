package io.beacon.bench;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time each part of a run used, read from the OS: the Beacon server JVM, Redis, PostgreSQL (the
 * postmaster and its backends) and this load generator. On a shared machine throughput moves with the
 * neighbours; CPU time per event moves much less, and says which part a change made cheaper.
 * Only for a server and engines this bench started (empty otherwise). A process that exits between two
 * readings (an autovacuum worker, say) drops out of its part's sum, so a small part can even read negative.
 */
final class CpuMeter {
  private final ProcessHandle server;
  private final String engineDir;

  /** A reading: CPU nanoseconds per part. */
  record Reading(Map<String, Long> nanos) {
    /** Milliseconds of CPU per 1,000 units of work (events) between {@code before} and this reading. */
    JsonObject perThousand(Reading before, long units) {
      JsonObject out = new JsonObject();
      if (units <= 0) return out;
      nanos.forEach((part, n) -> {
        Long was = before.nanos.get(part);
        if (was != null) out.put(part + "_ms", Math.round((n - was) / 1e6 * 1000.0 / units * 100) / 100.0);
      });
      return out;
    }
  }

  CpuMeter(ProcessHandle server, String engineDir) {
    this.server = server;
    this.engineDir = engineDir;
  }

  Reading read() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    if (server == null) return new Reading(nanos);
    nanos.put("server", cpu(server));
    nanos.put("redis", sum(ProcessHandle.current().descendants().filter(p -> command(p).contains("redis-server"))));
    nanos.put("postgres", sum(ProcessHandle.allProcesses().filter(this::isOurPostmaster).flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))));
    nanos.put("load_generator", cpu(ProcessHandle.current()));
    return new Reading(nanos);
  }

  private boolean isOurPostmaster(ProcessHandle p) {
    return command(p).endsWith("/postgres")
        && p.info().arguments().map(args -> String.join(" ", args).contains(engineDir)).orElse(false);
  }

  private static String command(ProcessHandle p) { return p.info().command().orElse(""); }

  private static long cpu(ProcessHandle p) { return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L); }

  private static long sum(Stream<ProcessHandle> processes) { return processes.mapToLong(CpuMeter::cpu).sum(); }
}
