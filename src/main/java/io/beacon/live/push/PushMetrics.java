package io.beacon.live.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The push hub's meters: connections, buffered messages, latency by stage, messages written, resyncs. */
final class PushMetrics {
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger queued = new AtomicInteger();
  final Timer latency;
  final Timer stagePubsub;
  final Timer stageCoalescing;
  final Timer stageWrite;
  final Counter written;
  private final MeterRegistry registry;
  private final Clock clock;

  PushMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("beacon.push.connections", open, AtomicInteger::get).description("open WebSocket and SSE connections").register(registry);
    Gauge.builder("beacon.push.queued", queued, AtomicInteger::get).description("messages buffered for slow connections").register(registry);
    this.latency = Timer.builder("beacon.push.latency")
        .description("message time (at: ingest acceptance for counters) to the message written to the sockets")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.stagePubsub = stage("pubsub", "message time (at) to its receipt on the hub's subscription");
    this.stageCoalescing = stage("coalescing", "receipt on the hub to the counters fan-out (coalescing wait)");
    this.stageWrite = stage("write", "fan-out start to the last socket's write completing");
    this.written = Counter.builder("beacon.push.messages").description("messages written to connections").register(registry);
  }

  private Timer stage(String stage, String description) {
    return Timer.builder("beacon.push.stage").tag("stage", stage).description(description).publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  void resync(String reason) {
    Counter.builder("beacon.push.resyncs").tag("reason", reason).register(registry).increment();
  }

  /** Times a fan-out by its last write: the write stage, and message time (at) to socket write per message. */
  void fanOut(Future<Void> last, long startNanos, List<Outbound> messages) {
    if (last == null) return;
    last.onComplete(ar -> {
      stageWrite.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      long nowMillis = clock.millis();
      for (Outbound m : messages) if (m.atMillis > 0) latency.record(Math.max(0, nowMillis - m.atMillis), TimeUnit.MILLISECONDS);
    });
  }
}
