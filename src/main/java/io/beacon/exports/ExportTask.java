package io.beacon.exports;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One export of the task center: created → running (with progress) → done | failed. */
public record ExportTask(long id, long agencyId, long createdBy, String createdByName, String kind, String format,
                         String lang, JsonObject filters, String state, int progress, long rows, String fileName, Long fileSize,
                         String error, Instant createdAt, Instant startedAt, Instant finishedAt, Instant expiresAt) {

  public boolean done() { return "done".equals(state); }

  public boolean open() { return "created".equals(state) || "running".equals(state); }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind).put("format", format).put("filters", filters)
        .put("state", state).put("progress", progress).put("rows", rows)
        .put("createdBy", new JsonObject().put("id", createdBy).put("name", createdByName))
        .put("fileName", fileName).put("fileSize", fileSize).put("error", error)
        .put("downloadUrl", done() ? "/api/v1/exports/" + id + "/file" : null)
        .put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("expiresAt", expiresAt.toString());
  }
}
