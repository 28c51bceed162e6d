package io.beacon.exports;

import io.beacon.auth.Caller;
import io.beacon.auth.Capability;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * One kind of download of the task center: who may run it (the capability that reads the list), the
 * list operation of /openapi.yaml whose query parameters are its filters, its columns, and how its rows
 * are read, a page at a time, through the owning feature's public class.
 */
public record ExportKind(String name, Capability capability, String listOperationId, List<String> header, Source source) {

  /** Reads one page of rows for {@code caller} (null cursor: the first page). */
  public interface Source {
    Future<Page> page(Caller caller, Map<String, String> filters, String cursor);
  }

  /** Rows in header order, how many the whole export has, and the cursor of the next page (null: last). */
  public record Page(List<List<Object>> rows, long total, String next) {}
}
