package io.beacon.exports;

import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("StreamReader: a push-style stream read as pages, one batch in flight")
class StreamReaderTest {

  /** A stream of {@code batches} batches of two rows that hands the next one only when the sink's future completes. */
  static StreamReader.Start stream(int batches, AtomicInteger delivered, AtomicBoolean aborted) {
    return (sink, header) -> {
      header.accept(List.of("n"));
      return emit(sink, 0, batches, delivered).onFailure(e -> aborted.set(true));
    };
  }

  static Future<Long> emit(Function<List<List<Object>>, Future<Void>> sink, int i, int batches, AtomicInteger delivered) {
    if (i == batches) return Future.succeededFuture((long) batches * 2);
    delivered.incrementAndGet();
    return sink.apply(List.of(List.of(2 * i), List.of(2 * i + 1))).compose(v -> emit(sink, i + 1, batches, delivered));
  }

  @Test
  @DisplayName("every batch becomes one page in order; the next batch is read only when the next page is asked for; an empty last page ends it")
  void pages() {
    AtomicInteger delivered = new AtomicInteger();
    StreamReader reader = new StreamReader(stream(3, delivered, new AtomicBoolean()));
    List<Object> seen = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      ExportKind.Page p = reader.next().result();
      assertFalse(p.last());
      assertEquals(page + 1, delivered.get(), "the stream waits for the page to be asked for");
      p.rows().forEach(r -> seen.add(r.get(0)));
    }
    assertEquals(List.of("n"), reader.header());
    ExportKind.Page end = reader.next().result();
    assertTrue(end.last());
    assertTrue(end.rows().isEmpty());
    assertEquals(6, end.total());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
  }

  @Test
  @DisplayName("closing a reader whose stream waits for the next page ends the stream (its cursor is released)")
  void closeAborts() {
    AtomicBoolean aborted = new AtomicBoolean();
    StreamReader reader = new StreamReader(stream(5, new AtomicInteger(), aborted));
    assertFalse(reader.next().result().last());
    reader.close();
    assertTrue(aborted.get());
  }

  @Test
  @DisplayName("a stream that fails before its first batch fails the first page (a bad filter becomes a 400 at creation)")
  void failsFirst() {
    StreamReader reader = new StreamReader((sink, header) -> Future.failedFuture(new IllegalArgumentException("bad dimensions")));
    Future<ExportKind.Page> first = reader.next();
    assertTrue(first.failed());
    assertEquals("bad dimensions", first.cause().getMessage());
  }
}
