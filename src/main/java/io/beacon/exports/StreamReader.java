package io.beacon.exports;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link ExportKind.Reader} over a feature's push-style stream (a database cursor that hands batches to a
 * sink and reads the next batch only when the sink's future completes): each batch becomes one page, and
 * the stream is resumed when the runner asks for the next page, so at most one batch is in memory.
 * {@link #close} fails a stream left waiting, which ends its cursor and transaction.
 */
final class StreamReader implements ExportKind.Reader {
  /** Starts the stream: announce the header, hand each batch to the sink; completes when the stream ends. */
  interface Start {
    Future<?> run(Function<List<List<Object>>, Future<Void>> sink, Consumer<List<String>> header);
  }

  private final Start start;
  private boolean started;
  private List<String> header = List.of();
  private long sent;
  /** The page the runner waits for. */
  private Promise<ExportKind.Page> pending;
  /** The stream waiting for the runner to ask for the next page. */
  private Promise<Void> resume;

  StreamReader(Start start) { this.start = start; }

  @Override
  public synchronized List<String> header() { return header; }

  @Override
  public synchronized Future<ExportKind.Page> next() {
    pending = Promise.promise();
    Future<ExportKind.Page> page = pending.future();
    if (!started) {
      started = true;
      start.run(this::batch, this::setHeader).onComplete(ar -> ended(ar.failed() ? ar.cause() : null));
    } else if (resume != null) {
      Promise<Void> r = resume;
      resume = null;
      r.complete();
    }
    return page;
  }

  private synchronized void setHeader(List<String> columns) { header = columns; }

  private synchronized Future<Void> batch(List<List<Object>> rows) {
    sent += rows.size();
    resume = Promise.promise();
    Future<Void> asked = resume.future();
    take().complete(new ExportKind.Page(rows, -1, false));
    return asked;
  }

  private synchronized void ended(Throwable failure) {
    Promise<ExportKind.Page> p = take();
    if (failure != null) p.tryFail(failure);
    else p.tryComplete(new ExportKind.Page(List.of(), sent, true));
  }

  /** The page promise the runner waits on (a stream event with nobody waiting is a bug: fail loudly). */
  private Promise<ExportKind.Page> take() {
    Promise<ExportKind.Page> p = pending;
    pending = null;
    if (p == null) throw new IllegalStateException("stream delivered without a pending page");
    return p;
  }

  @Override
  public synchronized void close() {
    if (resume != null) {
      resume.tryFail("export ended before the stream did");
      resume = null;
    }
  }
}
