package io.beacon.channel;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A lead (线索). {@code name} is "未知" for consultations without a known company until one is linked. */
public record Lead(long id, long agencyId, String name, String type, String priority, String contactName, String phone,
                   String industry, String companyName, String companyCreditCode, LeadState state, Long followerStaffId,
                   String followerName, boolean privateContact, Instant importedAt, Instant expiresAt, Long opportunityId) {
  public static final String UNKNOWN = "未知";

  public boolean unknown() { return UNKNOWN.equals(name); }

  /** Private contact made and not yet converted: the lead must be converted. */
  public boolean conversionRequired() { return privateContact && opportunityId == null && LeadState.OPEN.contains(state); }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("unknown", unknown()).put("type", type).put("priority", priority)
        .put("contactName", contactName).put("phone", phone).put("industry", industry)
        .put("company", companyName == null ? null : new JsonObject().put("name", companyName).put("creditCode", companyCreditCode))
        .put("state", state.dbValue())
        .put("follower", followerStaffId == null ? null : new JsonObject().put("staffId", followerStaffId).put("name", followerName))
        .put("privateContact", privateContact).put("conversionRequired", conversionRequired())
        .put("importedAt", importedAt.toString()).put("expiresAt", expiresAt.toString()).put("opportunityId", opportunityId);
  }
}
