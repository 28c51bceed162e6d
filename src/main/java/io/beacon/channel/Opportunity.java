package io.beacon.channel;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;

/** An opportunity (商机): a converted lead with intent, concerns, expected opening and budget, company and contact. */
public record Opportunity(long id, long agencyId, long leadId, String name, String type, String priority, LeadState state,
                          Long followerStaffId, String followerName, String intentLevel, String concerns,
                          LocalDate expectedOpenDate, Long expectedBudgetFen, String companyName, String companyCreditCode,
                          String contactName, String contactPhone, String contactWechat, Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("leadId", leadId).put("name", name).put("type", type).put("priority", priority)
        .put("state", state.dbValue())
        .put("follower", followerStaffId == null ? null : new JsonObject().put("staffId", followerStaffId).put("name", followerName))
        .put("intentLevel", intentLevel).put("concerns", concerns)
        .put("expectedOpenDate", expectedOpenDate == null ? null : expectedOpenDate.toString())
        .put("expectedBudgetFen", expectedBudgetFen)
        .put("company", new JsonObject().put("name", companyName).put("creditCode", companyCreditCode))
        .put("contact", new JsonObject().put("name", contactName).put("phone", contactPhone).put("wechat", contactWechat))
        .put("createdAt", createdAt.toString());
  }
}
