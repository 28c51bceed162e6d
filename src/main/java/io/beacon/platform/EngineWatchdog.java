package io.beacon.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends the embedded engines when the JVM dies without running its shutdown hook (SIGKILL): a small
 * shell process, a child of the JVM that survives it, waits for the JVM's pid to vanish and then stops
 * each engine still running in its own data directory (PostgreSQL: SIGINT, a fast shutdown; Redis:
 * SIGTERM, AOF flushed). Pids are read from the pid files when the JVM dies, so an engine restarted in
 * between is covered, and /proc/{pid}/cwd is checked so a reused pid is never signalled. The next start
 * does not rely on it: {@link LeftoverEngines} stops whatever is still there.
 */
final class EngineWatchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineWatchdog.class);

  private static final String SCRIPT = """
      jvm=$1; shift
      while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
      while [ $# -ge 3 ]; do
        sig=$1; dir=$2; pidfile=$3; shift 3
        pid=$(head -n 1 "$pidfile" 2>/dev/null)
        [ -n "$pid" ] && [ "$(readlink /proc/$pid/cwd 2>/dev/null)" = "$dir" ] && kill -$sig "$pid"
      done
      """;

  private final Process process;

  private EngineWatchdog(Process process) {
    this.process = process;
  }

  /** Watches the engines with data in {@code pgDir} and {@code redisDir} (either may be null); null where there is no /proc. */
  static EngineWatchdog start(Path pgDir, Path redisDir) {
    if (!Path.of("/proc/self/cwd").toFile().exists()) return null;
    List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "beacon-engine-watchdog",
        Long.toString(ProcessHandle.current().pid())));
    if (pgDir != null) command.addAll(List.of("INT", pgDir.toString(), pgDir.resolve(LeftoverEngines.PG_PID_FILE).toString()));
    if (redisDir != null) command.addAll(List.of("TERM", redisDir.toString(), redisDir.resolve(LeftoverEngines.REDIS_PID_FILE).toString()));
    try {
      Process p = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return new EngineWatchdog(p);
    } catch (IOException e) {
      log.warn("no engine watchdog ({}); engines left by a killed JVM are stopped at the next start", e.getMessage());
      return null;
    }
  }

  /** A normal stop: the JVM stops the engines itself, so the watchdog must not outlive it. */
  @Override
  public void close() {
    process.destroy();
  }
}
