package io.beacon.exports;

import io.beacon.auth.Caller;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.ApiException;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.RateLimited;
import io.beacon.platform.DomainException;
import io.beacon.platform.FailureHandler;
import io.beacon.platform.FieldError;
import io.beacon.platform.Messages;
import io.beacon.platform.Platform;
import io.beacon.platform.RequestParams;
import io.beacon.platform.TableColumns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task center. Creating an export checks who may read the list, validates its filters against
 * the list's own query parameters in /openapi.yaml, reads the first page (so a filter the list refuses
 * is a 400 now, not a failed task later) and answers with the task; the rest runs in the background:
 * pages are read through the owning feature, written slice by slice to a local scratch file on a worker,
 * and the finished file is copied into PostgreSQL in chunks, from where any instance serves it.
 * Agency-global staff see every task of the agency; a dedicated employee sees only their own.
 */
public final class Exports implements ApiRouter.Feature {
  private static final Logger log = LoggerFactory.getLogger(Exports.class);
  /** Rows written to the scratch file between two progress updates. */
  static final int SLICE = 500;
  /** Bytes per stored chunk of a finished file: what one download step holds in memory. */
  static final int CHUNK = 512 * 1024;
  /** An open task silent this long was interrupted with its instance; the sweep fails it. */
  static final Duration STALE = Duration.ofMinutes(10);
  /** Exports of one agency queued or running at once; more are a 429 (they share one small worker pool). */
  static final int MAX_OPEN = 10;
  private static final long RETRY_SECONDS = 30;
  /** List parameters that page or pick a representation, never filter. */
  private static final Set<String> NOT_FILTERS = Set.of("page", "pageSize", "limit", "cursor", "format");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Platform platform;
  private final Vertx vertx;
  private final ExportStore store;
  private final Notices notices;
  private final Map<String, ExportKind> kinds = new LinkedHashMap<>();
  private final WorkerExecutor worker;
  private final Duration retention;
  private long sweepTimer = -1;

  public Exports(Platform platform, Notices notices, List<ExportKind> kinds) {
    this.platform = platform;
    this.vertx = platform.vertx();
    this.store = new ExportStore(platform.pg());
    this.notices = notices;
    kinds.forEach(k -> this.kinds.put(k.name(), k));
    this.worker = vertx.createSharedWorkerExecutor("beacon-exports", 2);
    this.retention = Duration.ofDays(platform.config().exports().retentionDays());
  }

  /** Starts an export; {@code lang} is the requester's, the file's headings and labels are in it. */
  public Future<ExportTask> create(Caller c, String kindName, String format, JsonObject filters, Messages.Lang lang) {
    ExportKind kind = kinds.get(kindName);
    if (kind == null) return Future.failedFuture(new Invalid("kind", "one of " + kinds.keySet()));
    if (!c.can(kind.capability()) || c.staffId() == null) {
      return Future.failedFuture(new Forbidden("Exporting " + kindName + " needs " + kind.capability()));
    }
    Map<String, String> f;
    ExportKind.Reader reader;
    Future<ExportKind.Page> first;
    try {
      f = filters(kind, filters == null ? new JsonObject() : filters);
      reader = kind.source().open(c, f);
      first = reader.next();
    } catch (ApiException | DomainException e) {
      return Future.failedFuture(underFilters(FailureHandler.problemOf(e)));
    }
    return first.recover(e -> Future.failedFuture(e instanceof ApiException || e instanceof DomainException ? underFilters(FailureHandler.problemOf(e)) : e))
        .compose(page -> store.openCount(c.agencyId()).compose(open -> open < MAX_OPEN ? Future.succeededFuture(page)
            : Future.failedFuture(new RateLimited(RETRY_SECONDS))))
        .compose(page -> {
          Instant now = platform.clock().instant();
          return store.insert(c.agencyId(), c.staffId(), kindName, format, lang.tag, new JsonObject(new LinkedHashMap<>(f)), now, now.plus(retention))
              .onSuccess(task -> new Run(task, kind, reader).start(page));
        })
        .onFailure(e -> reader.close());
  }

  public Future<ExportStore.Page> list(Caller c, int page, int pageSize) {
    return store.list(c.agencyId(), onlyOwn(c), pageSize, (page - 1) * pageSize);
  }

  /** A task in the caller's scope; another agency's, or another's for a dedicated employee, is 404. */
  public Future<ExportTask> get(Caller c, long id) {
    return store.get(c.agencyId(), onlyOwn(c), id)
        .compose(t -> t.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new NotFound("export"))));
  }

  /** Deletes a finished task and its file; 409 while it runs. */
  public Future<ExportTask> delete(Caller c, long id) {
    return get(c, id).compose(t -> t.open()
        ? Future.failedFuture(new Conflict("export-running", "The export is still " + t.state()))
        : store.delete(c.agencyId(), onlyOwn(c), id).map(t));
  }

  /** Streams a finished task's file to {@code response}, one stored chunk at a time; 409 before it is done. */
  public Future<Void> download(Caller c, long id, HttpServerResponse response) {
    return get(c, id).compose(t -> {
      if (!t.done()) {
        return Future.failedFuture(new Conflict("export-not-ready", "The export is " + t.state(),
            new JsonObject().put("state", t.state()).put("progress", t.progress())));
      }
      response.putHeader("Content-Type", "xlsx".equals(t.format())
              ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8")
          .putHeader("Content-Length", String.valueOf(t.fileSize()))
          .putHeader("Content-Disposition", "attachment; filename=\"" + t.fileName() + "\"")
          .putHeader("Cache-Control", "private, no-store");
      return send(t.id(), response, 0).compose(v -> response.end());
    });
  }

  private Future<Void> send(long id, HttpServerResponse response, int seq) {
    return store.chunk(id, seq).compose(data -> data == null ? Future.<Void>succeededFuture()
        : response.write(data).compose(v -> send(id, response, seq + 1)));
  }

  @Override
  public void mount(Router api) { new ExportRoutes(this).mount(api); }

  @Override
  public Future<?> start() {
    sweepTimer = vertx.setPeriodic(60_000, t -> sweep());
    return sweep();
  }

  Future<Void> sweep() {
    Instant now = platform.clock().instant();
    return store.sweep(now.minus(STALE), now).onSuccess(n -> {
      if (n[0] + n[1] > 0) log.info("exports: {} interrupted task(s) failed, {} expired task(s) deleted", n[0], n[1]);
    }).onFailure(e -> log.warn("export sweep failed", e)).mapEmpty();
  }

  @Override
  public void close() {
    if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
    worker.close();
  }

  private static Long onlyOwn(Caller c) { return c.restrictedToAssigned() ? c.staffId() : null; }

  /**
   * The export's filters are the list's query parameters (less paging): each is checked against that
   * parameter's schema in the contract, so an export accepts exactly what the list does. Empty values are absent.
   */
  private Map<String, String> filters(ExportKind kind, JsonObject filters) {
    Map<String, Parameter> params = new LinkedHashMap<>();
    platform.contract().operation(kind.listOperationId()).getParameters().stream()
        .filter(p -> p.getIn() == Location.QUERY && !NOT_FILTERS.contains(p.getName()))
        .forEach(p -> params.put(p.getName(), p));
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : filters) {
      String field = "filters." + e.getKey();
      Parameter p = params.get(e.getKey());
      Object v = e.getValue();
      if (p == null) {
        errors.add(new FieldError(field, "not a filter of " + kind.name() + "; one of " + new TreeSet<>(params.keySet())));
        continue;
      }
      if (v == null || "".equals(v)) continue;
      boolean numeric = p.getSchemaType() == SchemaType.INTEGER || p.getSchemaType() == SchemaType.NUMBER;
      if (numeric && (v instanceof String || v instanceof Number)) {
        try {
          v = RequestParams.parse(field, String.valueOf(v), Long.MIN_VALUE, Long.MAX_VALUE);
        } catch (ApiException notInteger) {
          errors.addAll(notInteger.errors());
          continue;
        }
      }
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        errors.add(new FieldError(field, "must be a single value"));
        continue;
      }
      OutputUnit result = platform.contract().getSchemaRepository().validator(p.getSchema()).validate(v);
      if (!Boolean.TRUE.equals(result.getValid())) {
        errors.add(new FieldError(field, firstError(result)));
        continue;
      }
      out.put(e.getKey(), String.valueOf(v));
    }
    if (!errors.isEmpty()) throw new Invalid("The export has invalid filters", errors);
    return out;
  }

  private static String firstError(OutputUnit unit) {
    if (unit.getErrors() != null) {
      for (OutputUnit u : unit.getErrors()) {
        String m = firstError(u);
        if (m != null) return m;
      }
    }
    return unit.getError() != null ? unit.getError() : "is not accepted by the list";
  }

  /** A list's 400 names its parameter; for an export the same field lives under {@code filters.}. */
  private static ApiException underFilters(ApiException e) {
    if (e.status() != 400) return e;
    List<FieldError> errors = e.errors().stream()
        .map(f -> f.field().startsWith("filters.") ? f : new FieldError("filters." + f.field(), f.message())).toList();
    return ApiException.badRequest(e.getMessage(), errors);
  }

  /** One export being carried out: pages → scratch file (worker) → chunks in PostgreSQL → done. */
  private final class Run {
    private final ExportTask task;
    private final ExportKind kind;
    private final ExportKind.Reader reader;
    private Path path;
    private TableFile file;
    private long rows;

    Run(ExportTask task, ExportKind kind, ExportKind.Reader reader) {
      this.task = task;
      this.kind = kind;
      this.reader = reader;
    }

    void start(ExportKind.Page first) {
      String fileName = kind.name() + "-" + STAMP.format(task.createdAt()) + "-" + task.id() + "." + task.format();
      store.running(task.agencyId(), task.id(), now())
          .compose(v -> worker.executeBlocking(() -> {
            path = Files.createTempFile("beacon-export-" + task.id() + "-", "." + task.format());
            file = TableFile.open(task.format(), path, TableColumns.header(reader.header(), lang()));
            return null;
          }, false))
          .compose(v -> write(first))
          .compose(v -> worker.executeBlocking(() -> {
            file.close();
            file = null;
            return Files.size(path);
          }, false))
          .compose(size -> upload(0, 0L))
          .compose(size -> store.done(task.agencyId(), task.id(), rows, fileName, size, now()))
          .onSuccess(v -> notice(NoticeText.of("export.done", new JsonObject().put("kind", NoticeText.label("task.kind", kind.name()))
              .put("file", fileName).put("rows", rows))))
          .onFailure(this::fail)
          .eventually(this::cleanUp);
    }

    private Future<Void> write(ExportKind.Page page) {
      long total = page.total() < 0 ? -1 : Math.max(page.total(), rows + page.rows().size());
      Future<Void> step = Future.succeededFuture();
      for (int from = 0; from < page.rows().size(); from += SLICE) {
        List<List<Object>> slice = page.rows().subList(from, Math.min(page.rows().size(), from + SLICE));
        step = step.compose(v -> worker.executeBlocking(() -> {
          for (List<Object> row : slice) file.row(TableColumns.row(reader.header(), row, lang()));
          return null;
        }, false)).compose(v -> {
          rows += slice.size();
          // A stream of unknown length shows rows written and no percentage until it is done.
          int progress = total < 0 ? 0 : (int) Math.min(99, total == 0 ? 99 : rows * 100 / total);
          return store.progress(task.agencyId(), task.id(), rows, progress, now());
        });
      }
      return step.compose(v -> page.last() ? Future.succeededFuture() : reader.next().compose(this::write));
    }

    /** Copies the scratch file into PostgreSQL chunk by chunk; returns its size. */
    private Future<Long> upload(int seq, long position) {
      return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
          .compose(in -> copy(in, seq, position).eventually(in::close));
    }

    private Future<Long> copy(AsyncFile in, int seq, long position) {
      return in.read(Buffer.buffer(CHUNK), 0, position, CHUNK).compose(data -> data.length() == 0 ? Future.succeededFuture(position)
          : store.addChunk(task.id(), seq, data).compose(v -> copy(in, seq + 1, position + data.length())));
    }

    private void fail(Throwable e) {
      String message = e instanceof ApiException || e instanceof DomainException ? e.getMessage() : "the export could not be written";
      log.warn("export {} ({}) of agency {} failed", task.id(), kind.name(), task.agencyId(), e);
      store.failed(task.agencyId(), task.id(), message, now())
          .onSuccess(v -> notice(NoticeText.of("export.failed", new JsonObject().put("kind", NoticeText.label("task.kind", kind.name())))))
          .onFailure(x -> log.error("export {} could not be marked failed", task.id(), x));
    }

    private Future<Void> cleanUp() {
      reader.close();
      return worker.executeBlocking(() -> {
        if (file != null) file.close();
        if (path != null) Files.deleteIfExists(path);
        return null;
      }, false).recover(e -> {
        log.warn("export {} scratch file not removed", task.id(), e);
        return Future.succeededFuture();
      }).mapEmpty();
    }

    private void notice(NoticeText text) {
      notices.createFor(task.agencyId(), null, task.createdBy(), NoticeKind.SYSTEM, text, "#/tasks?id=" + task.id())
          .onFailure(e -> log.warn("export {} notice not sent", task.id(), e));
    }

    private Instant now() { return platform.clock().instant(); }

    private Messages.Lang lang() { return Messages.Lang.of(task.lang()); }
  }
}
