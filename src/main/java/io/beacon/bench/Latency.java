package io.beacon.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/** A thread-safe latency recorder in microseconds that reports milliseconds. */
public final class Latency {
  private final Recorder recorder = new Recorder(3);
  private Histogram total;

  public void recordNanos(long nanos) { recorder.recordValue(Math.max(0, nanos / 1_000)); }

  /** Snapshot since creation (call once when the scenario is over). */
  synchronized Histogram histogram() {
    Histogram interval = recorder.getIntervalHistogram();
    if (total == null) total = interval.copy();
    else total.add(interval);
    return total;
  }

  public JsonObject json() {
    Histogram h = histogram();
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("p50_ms", ms(h.getValueAtPercentile(50)))
        .put("p99_ms", ms(h.getValueAtPercentile(99)))
        .put("p999_ms", ms(h.getValueAtPercentile(99.9)))
        .put("max_ms", ms(h.getMaxValue()));
  }

  private static double ms(long micros) { return Math.round(micros / 10.0) / 100.0; }
}
