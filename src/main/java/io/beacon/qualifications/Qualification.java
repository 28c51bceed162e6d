package io.beacon.qualifications;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One version of a client's qualification with its review: {@code pending} until the operator decides,
 * then {@code approved} or {@code rejected} (with the reason); a pending version that a newer edit
 * replaced is {@code superseded}.
 */
public record Qualification(long id, long agencyId, long clientId, String clientName, int version, QualificationContent content,
                            String state, String rejectReason, String reviewNote, String submittedBy, Instant submittedAt,
                            Instant reviewedAt) {

  public JsonObject toJson() {
    return content.toJson().put("id", id).put("clientId", clientId).put("version", version).put("state", state)
        .put("rejectReason", rejectReason).put("reviewNote", reviewNote).put("submittedBy", submittedBy)
        .put("submittedAt", submittedAt.toString()).put("reviewedAt", reviewedAt == null ? null : reviewedAt.toString());
  }
}
