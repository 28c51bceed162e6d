package io.beacon.exports;

import io.beacon.auth.Caller;
import io.beacon.auth.Capability;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * One kind of download of the task center: who may run it (the capability that reads the list), the
 * list operation of /openapi.yaml whose query parameters are its filters, and how its rows are read,
 * a page at a time, through the owning feature's public class.
 */
public record ExportKind(String name, Capability capability, String listOperationId, Source source) {

  /** Opens a reader of every row {@code caller} may see with these (already validated) filters. */
  public interface Source {
    Reader open(Caller caller, Map<String, String> filters);
  }

  /**
   * Rows a page at a time: {@link #next} is called again only after the previous page was written.
   * {@link #close} releases what an unfinished reader holds (a database cursor); it is always called.
   */
  public interface Reader {
    List<String> header();

    Future<Page> next();

    default void close() {}
  }

  /** Rows in header order, how many the whole export has (a lower bound when unknown), and whether more follow. */
  public record Page(List<List<Object>> rows, long total, boolean last) {}
}
