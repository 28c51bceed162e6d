package io.beacon.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Embedded engines that outlived the Beacon that started them (kill -9, the OOM killer, a container
 * runtime stopping only the JVM): still running on this data directory, re-parented to init. Each is
 * found through its pid file, proven to be ours by the directory it runs in, and stopped the way that
 * keeps its data: PostgreSQL with a fast shutdown (SIGINT: running transactions roll back, a checkpoint
 * is written), Redis with SIGTERM (the same path as SHUTDOWN: the AOF is flushed and fsynced). A process
 * that is not ours is never signalled.
 */
final class LeftoverEngines {
  private static final Logger log = LoggerFactory.getLogger(LeftoverEngines.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  /** Redis writes its pid here (the {@code pidfile} setting); PostgreSQL keeps {@code postmaster.pid}. */
  static final String REDIS_PID_FILE = "redis.pid";
  static final String PG_PID_FILE = "postmaster.pid";

  private LeftoverEngines() {}

  /** Stops a PostgreSQL still running on {@code pgDir}; removes a pid file whose process is not a postmaster of it. */
  static void stopPostgres(Path pgDir) {
    Path pidFile = pgDir.resolve(PG_PID_FILE);
    Optional<Long> pid = firstLinePid(pidFile);
    if (pid.isEmpty()) return;
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) return; // stale file of a dead postmaster: PostgreSQL itself recovers from it
    Ownership owner = ownership(process.get(), pgDir);
    if (owner != Ownership.OURS && !commandNames(process.get(), pgDir)) {
      log.warn("{} names pid {}, which is not a PostgreSQL of this data directory; not touching it", pidFile, pid.get());
      // After a reboot the pid is often another program's, and PostgreSQL would refuse to start over the file.
      if (owner == Ownership.ELSEWHERE) deleteQuietly(pidFile);
      return;
    }
    log.warn("PostgreSQL (pid {}) of an earlier Beacon is still running on {}: fast shutdown before starting again", pid.get(), pgDir);
    stop(process.get(), "INT");
  }

  /** Stops a Redis still running on {@code redisDir} (its pid file written by the {@code pidfile} setting). */
  static void stopRedis(Path redisDir) {
    Path pidFile = redisDir.resolve(REDIS_PID_FILE);
    Optional<Long> pid = firstLinePid(pidFile);
    if (pid.isEmpty()) return;
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || ownership(process.get(), redisDir) != Ownership.OURS || !command(process.get()).contains("redis-server")) {
      if (process.isPresent()) log.warn("{} names pid {}, which is not a Redis of this data directory; not touching it", pidFile, pid.get());
      deleteQuietly(pidFile);
      return;
    }
    log.warn("Redis (pid {}) of an earlier Beacon is still running on {}: shutting it down (AOF flushed) before starting again", pid.get(), redisDir);
    stop(process.get(), "TERM");
  }

  private static void stop(ProcessHandle process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info("leftover engine (pid {}) stopped", process.pid());
    } catch (TimeoutException e) {
      throw new IllegalStateException("leftover engine pid " + process.pid() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; stop it by hand");
    } catch (IOException | ExecutionException e) {
      throw new IllegalStateException("cannot stop leftover engine pid " + process.pid() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping leftover engine pid " + process.pid(), e);
    }
  }

  private enum Ownership { OURS, ELSEWHERE, UNKNOWN }

  /** Both engines change into their data directory, so /proc/{pid}/cwd proves whose data a process serves. */
  private static Ownership ownership(ProcessHandle process, Path dir) {
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    if (!Files.isDirectory(proc)) return Ownership.UNKNOWN; // no /proc (not Linux): never touch what we cannot prove
    try {
      Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
      return cwd.equals(dir) || cwd.equals(dir.toRealPath()) ? Ownership.OURS : Ownership.ELSEWHERE;
    } catch (java.nio.file.AccessDeniedException e) {
      return Ownership.ELSEWHERE; // another user's process: our engines run as us
    } catch (IOException e) {
      return Ownership.UNKNOWN;
    }
  }

  private static boolean commandNames(ProcessHandle process, Path pgDir) {
    String command = command(process);
    return command.contains("postgres") && command.contains("-D " + pgDir);
  }

  private static String command(ProcessHandle process) {
    return process.info().commandLine().or(() -> process.info().command()).orElse("");
  }

  private static Optional<Long> firstLinePid(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete {}", file, e);
    }
  }
}
