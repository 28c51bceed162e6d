package io.beacon.exports;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.body;


/** The task center: create an export, list and read tasks, download a finished file, delete a task. */
public final class ExportRoutes implements ApiRouter.Feature {
  private final Exports exports;

  public ExportRoutes(Exports exports) { this.exports = exports; }

  @Override
  public void mount(Router api) {
    api.post("/exports").handler(ctx -> {
      JsonObject b = body(ctx);   // the contract has checked kind, format and that filters is an object
      exports.create(Caller.of(ctx), b.getString("kind"), b.getString("format"), b.getJsonObject("filters"),
          Messages.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")))
          .onSuccess(task -> {
            AuditLog.after(ctx, new JsonObject().put("id", task.id()).put("kind", task.kind()).put("format", task.format()));
            ctx.response().setStatusCode(202).putHeader("Location", "/api/v1/exports/" + task.id());
            ctx.json(task.toJson());
          })
          .onFailure(ctx::fail);
    });
    api.get("/exports").handler(ctx -> {
      int page = page(ctx);
      int pageSize = intParam(ctx, "pageSize", 20);
      exports.list(Caller.of(ctx), page, pageSize)
          .onSuccess(p -> ctx.json(new JsonObject().put("items", new JsonArray(p.items().stream().map(ExportTask::toJson).toList()))
              .put("total", p.total()).put("page", page).put("pageSize", pageSize)))
          .onFailure(ctx::fail);
    });
    api.get("/exports/:id").handler(ctx -> exports.get(Caller.of(ctx), pathId(ctx, "id"))
        .onSuccess(t -> ctx.json(t.toJson())).onFailure(ctx::fail));
    api.delete("/exports/:id").handler(ctx -> exports.delete(Caller.of(ctx), pathId(ctx, "id")).onSuccess(t -> {
      AuditLog.before(ctx, new JsonObject().put("id", t.id()).put("kind", t.kind()).put("state", t.state()));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail));
    api.get("/exports/:id/file").handler(ctx -> exports.download(Caller.of(ctx), pathId(ctx, "id"), ctx.response()).onFailure(e -> {
      if (ctx.response().headWritten()) {
        ctx.response().reset();   // a failure mid-file: the client sees a broken download, never a truncated "success"
        return;
      }
      ctx.response().headers().remove("Content-Length").remove("Content-Disposition").remove("Content-Type");
      ctx.fail(e);
    }));
  }
}
