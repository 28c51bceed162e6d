package io.beacon.partner;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.beacon.partner.PerformanceStore.utc;

/** SQL of the health score (健康度): deductions per behaviour and inspection tasks, both written by the operator. */
public final class HealthStore {
  private final Pool pg;

  public HealthStore(Pool pg) { this.pg = pg; }

  public record Deduction(long id, String behaviour, LocalDate occurredOn, String rule, int points, String evidence) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("behaviour", behaviour).put("occurredOn", occurredOn.toString()).put("rule", rule)
          .put("points", points).put("evidence", evidence);
    }
  }

  public record Inspection(long id, String name, LocalDate periodFrom, LocalDate periodTo, String status, String result,
                           Instant updatedAt) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("periodFrom", periodFrom.toString())
          .put("periodTo", periodTo.toString()).put("status", status).put("result", result).put("updatedAt", updatedAt.toString());
    }
  }

  /** Deductions of the agency that occurred between the two days (inclusive), newest first. */
  public Future<List<Deduction>> deductions(long agencyId, LocalDate from, LocalDate to) {
    return pg.preparedQuery("""
            SELECT id, behaviour, occurred_on, rule, points, evidence FROM partner_deductions
             WHERE agency_id = $1 AND occurred_on BETWEEN $2 AND $3 ORDER BY occurred_on DESC, id DESC""")
        .execute(Tuple.of(agencyId, from, to))
        .map(rows -> {
          List<Deduction> out = new ArrayList<>();
          rows.forEach(r -> out.add(deduction(r)));
          return out;
        });
  }

  public Future<List<Inspection>> inspections(long agencyId, int limit) {
    return pg.preparedQuery("""
            SELECT id, name, period_from, period_to, status, result, updated_at FROM partner_inspections
             WHERE agency_id = $1 ORDER BY period_from DESC, id DESC LIMIT $2""")
        .execute(Tuple.of(agencyId, limit))
        .map(rows -> {
          List<Inspection> out = new ArrayList<>();
          rows.forEach(r -> out.add(inspection(r)));
          return out;
        });
  }

  /** Records a deduction; empty when the agency does not exist. */
  public Future<Optional<Deduction>> insertDeduction(long agencyId, String behaviour, LocalDate occurredOn, String rule, int points,
                                                     String evidence, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO partner_deductions (agency_id, behaviour, occurred_on, rule, points, evidence, created_at)
            SELECT id, $2, $3, $4, $5, $6, $7 FROM agencies WHERE id = $1
            RETURNING id, behaviour, occurred_on, rule, points, evidence""")
        .execute(Tuple.tuple().addLong(agencyId).addString(behaviour).addLocalDate(occurredOn).addString(rule).addInteger(points)
            .addString(evidence).addOffsetDateTime(utc(at)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(deduction(rows.iterator().next())));
  }

  public Future<Optional<Inspection>> insertInspection(long agencyId, String name, LocalDate from, LocalDate to, String status,
                                                       String result, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO partner_inspections (agency_id, name, period_from, period_to, status, result, created_at, updated_at)
            SELECT id, $2, $3, $4, $5, $6, $7, $7 FROM agencies WHERE id = $1
            RETURNING id, name, period_from, period_to, status, result, updated_at""")
        .execute(Tuple.tuple().addLong(agencyId).addString(name).addLocalDate(from).addLocalDate(to).addString(status)
            .addString(result).addOffsetDateTime(utc(at)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(inspection(rows.iterator().next())));
  }

  /** Moves an inspection to a status with its result; the agency it belongs to comes back with it. */
  public Future<Optional<AgencyInspection>> updateInspection(long id, String status, String result, Instant at) {
    return pg.preparedQuery("""
            UPDATE partner_inspections SET status = $2, result = coalesce($3, result), updated_at = $4 WHERE id = $1
            RETURNING agency_id, id, name, period_from, period_to, status, result, updated_at""")
        .execute(Tuple.tuple().addLong(id).addString(status).addString(result).addOffsetDateTime(utc(at)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new AgencyInspection(rows.iterator().next().getLong("agency_id"), inspection(rows.iterator().next()))));
  }

  public record AgencyInspection(long agencyId, Inspection inspection) {}

  private static Deduction deduction(Row r) {
    return new Deduction(r.getLong("id"), r.getString("behaviour"), r.getLocalDate("occurred_on"), r.getString("rule"),
        r.getInteger("points"), r.getString("evidence"));
  }

  private static Inspection inspection(Row r) {
    return new Inspection(r.getLong("id"), r.getString("name"), r.getLocalDate("period_from"), r.getLocalDate("period_to"),
        r.getString("status"), r.getString("result"), r.getOffsetDateTime("updated_at").toInstant());
  }
}
