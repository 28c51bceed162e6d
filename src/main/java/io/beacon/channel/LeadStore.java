package io.beacon.channel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** SQL of leads and opportunities. Every query is scoped by agency; state changes are guarded by the allowed states. */
public final class LeadStore {
  /** The two pipelines share follow-ups, calls and assignment. */
  public enum Pipeline {
    LEADS("leads", "lead_id", "phone"), OPPORTUNITIES("opportunities", "opportunity_id", "contact_phone");

    final String table;
    final String ref;
    final String phone;

    Pipeline(String table, String ref, String phone) {
      this.table = table;
      this.ref = ref;
      this.phone = phone;
    }
  }

  public record Query(long agencyId, Long followerId, LeadState state, String type, String priority, String intentLevel,
                      LocalDate importedFrom, LocalDate importedTo, String search, int page, int pageSize) {}

  public record Page<T>(List<T> items, long total) {}

  /** One follow-up or call on the record's history. */
  public record Activity(String kind, Instant at, Long staffId, String staffName, JsonObject data) {
    public JsonObject toJson() {
      return data.copy().put("kind", kind).put("at", at.toString()).put("staffId", staffId).put("staffName", staffName);
    }
  }

  /** A row of an import, validated. */
  public record NewLead(String name, String type, String priority, String contactName, String phone, String industry,
                        String companyName, Long followerStaffId) {}

  private static final String LEAD = """
      SELECT l.*, s.name AS follower_name, o.id AS opportunity_id FROM leads l
      LEFT JOIN staff s ON s.id = l.follower_staff_id LEFT JOIN opportunities o ON o.lead_id = l.id""";
  private static final String OPPORTUNITY = """
      SELECT o.*, s.name AS follower_name FROM opportunities o LEFT JOIN staff s ON s.id = o.follower_staff_id""";

  private final Pool pg;

  public LeadStore(Pool pg) { this.pg = pg; }

  public Future<Page<Lead>> leads(Query q) {
    String where = " WHERE l.agency_id = $1 AND ($2::bigint IS NULL OR l.follower_staff_id = $2) AND ($3::text IS NULL OR l.state = $3)"
        + " AND ($4::text IS NULL OR l.type = $4) AND ($5::text IS NULL OR l.priority = $5)"
        + " AND ($6::date IS NULL OR l.imported_at >= ($6::date)::timestamp AT TIME ZONE (SELECT time_zone FROM agencies WHERE id = $1))"
        + " AND ($7::date IS NULL OR l.imported_at < ($7::date + 1)::timestamp AT TIME ZONE (SELECT time_zone FROM agencies WHERE id = $1))"
        + " AND ($8::text IS NULL OR strpos(lower(l.name), lower($8)) > 0 OR strpos(coalesce(l.phone, ''), $8) > 0"
        + "      OR strpos(lower(coalesce(l.company_name, '')), lower($8)) > 0)";
    Tuple args = Tuple.tuple().addLong(q.agencyId()).addLong(q.followerId()).addString(q.state() == null ? null : q.state().dbValue())
        .addString(q.type()).addString(q.priority()).addLocalDate(q.importedFrom()).addLocalDate(q.importedTo()).addString(q.search());
    return page("SELECT count(*) FROM leads l" + where, LEAD + where + " ORDER BY l.imported_at DESC, l.id DESC LIMIT $9 OFFSET $10",
        args, q, LeadStore::lead);
  }

  public Future<Page<Opportunity>> opportunities(Query q) {
    String where = " WHERE o.agency_id = $1 AND ($2::bigint IS NULL OR o.follower_staff_id = $2) AND ($3::text IS NULL OR o.state = $3)"
        + " AND ($4::text IS NULL OR o.type = $4) AND ($5::text IS NULL OR o.priority = $5) AND ($6::text IS NULL OR o.intent_level = $6)"
        + " AND ($7::text IS NULL OR strpos(lower(o.name), lower($7)) > 0 OR strpos(lower(o.company_name), lower($7)) > 0)";
    Tuple args = Tuple.tuple().addLong(q.agencyId()).addLong(q.followerId()).addString(q.state() == null ? null : q.state().dbValue())
        .addString(q.type()).addString(q.priority()).addString(q.intentLevel()).addString(q.search());
    return page("SELECT count(*) FROM opportunities o" + where,
        OPPORTUNITY + where + " ORDER BY o.created_at DESC, o.id DESC LIMIT $8 OFFSET $9", args, q, LeadStore::opportunity);
  }

  private <T> Future<Page<T>> page(String countSql, String pageSql, Tuple args, Query q, Function<Row, T> map) {
    Future<Long> total = pg.preparedQuery(countSql).execute(args).map(rows -> rows.iterator().next().getLong(0));
    Tuple pageArgs = Tuple.tuple();
    for (int i = 0; i < args.size(); i++) pageArgs.addValue(args.getValue(i));
    pageArgs.addInteger(q.pageSize()).addInteger((q.page() - 1) * q.pageSize());
    Future<List<T>> items = pg.preparedQuery(pageSql).execute(pageArgs).map(rows -> all(rows, map));
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result()));
  }

  public Future<Optional<Lead>> lead(long agencyId, long id) { return lead(pg, agencyId, id); }

  private static Future<Optional<Lead>> lead(SqlClient c, long agencyId, long id) {
    return c.preparedQuery(LEAD + " WHERE l.agency_id = $1 AND l.id = $2").execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(lead(rows.iterator().next())));
  }

  public Future<Optional<Opportunity>> opportunity(long agencyId, long id) { return opportunity(pg, agencyId, id); }

  private static Future<Optional<Opportunity>> opportunity(SqlClient c, long agencyId, long id) {
    return c.preparedQuery(OPPORTUNITY + " WHERE o.agency_id = $1 AND o.id = $2").execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(opportunity(rows.iterator().next())));
  }

  /**
   * The whole history of one lead or opportunity, oldest first: the lead's import, assignments, follow-ups,
   * calls and conversion, then the opportunity's (a lead's history continues into its opportunity and back).
   * Each entry names its stage (lead / opportunity).
   */
  public Future<List<Activity>> history(Pipeline p, long agencyId, long id) {
    String lead = p == Pipeline.LEADS ? "$2" : "(SELECT lead_id FROM opportunities WHERE agency_id = $1 AND id = $2)";
    String opportunity = p == Pipeline.OPPORTUNITIES ? "$2" : "(SELECT id FROM opportunities WHERE agency_id = $1 AND lead_id = $2)";
    String stage = "CASE WHEN %1$s.lead_id IS NULL THEN 'opportunity' ELSE 'lead' END";
    String mine = " %1$s.agency_id = $1 AND (%1$s.lead_id = " + lead + " OR %1$s.opportunity_id = " + opportunity + ")";
    return pg.preparedQuery("""
            SELECT 'imported' AS kind, l.imported_at AS at, i.staff_id, s.name AS staff_name, jsonb_build_object('stage', 'lead') AS data
              FROM leads l LEFT JOIN lead_imports i ON i.id = l.import_id LEFT JOIN staff s ON s.id = i.staff_id
             WHERE l.agency_id = $1 AND l.id = """ + lead + """

            UNION ALL
            SELECT 'follow_up', f.at, f.staff_id, s.name,
                   jsonb_build_object('state', f.state, 'privateContact', f.private_contact, 'note', f.note, 'details', f.details,
                                      'stage', """ + stage.formatted("f") + """
            )
              FROM lead_follow_ups f JOIN staff s ON s.id = f.staff_id WHERE""" + mine.formatted("f") + """

            UNION ALL
            SELECT 'call', c.at, c.staff_id, s.name, jsonb_build_object('phone', c.phone, 'outcome', c.outcome,
                   'durationSeconds', c.duration_seconds, 'note', c.note, 'stage', """ + stage.formatted("c") + """
            )
              FROM lead_calls c JOIN staff s ON s.id = c.staff_id WHERE""" + mine.formatted("c") + """

            UNION ALL
            SELECT e.kind, e.at, e.staff_id, s.name, e.data || jsonb_build_object('stage', """ + stage.formatted("e") + """
            , 'byStaffId', e.by_staff_id, 'byStaffName', b.name)
              FROM lead_events e LEFT JOIN staff s ON s.id = e.staff_id LEFT JOIN staff b ON b.id = e.by_staff_id
             WHERE""" + mine.formatted("e") + """

            ORDER BY at""")
        .execute(Tuple.of(agencyId, id))
        .map(rows -> all(rows, r -> new Activity(r.getString("kind"), r.getOffsetDateTime("at").toInstant(), r.getLong("staff_id"),
            r.getString("staff_name"), (JsonObject) r.getValue("data"))));
  }

  /** Imports every row in one transaction (all or nothing); returns the import batch id. */
  public Future<Long> importLeads(SqlConnection conn, long agencyId, Long staffId, List<NewLead> rows, Instant at, Instant expiresAt) {
    return conn.preparedQuery("INSERT INTO lead_imports (agency_id, staff_id, rows, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .execute(Tuple.tuple().addLong(agencyId).addLong(staffId).addInteger(rows.size()).addValue(utc(at)))
        .map(r -> r.iterator().next().getLong(0))
        .compose(batch -> {
          if (rows.isEmpty()) return Future.succeededFuture(batch);
          List<Tuple> batchArgs = rows.stream().map(l -> Tuple.tuple().addLong(agencyId).addLong(batch).addString(l.name())
              .addString(l.type()).addString(l.priority()).addString(l.contactName()).addString(l.phone()).addString(l.industry())
              .addString(l.companyName()).addString("pending")
              .addLong(l.followerStaffId()).addValue(utc(at)).addValue(utc(expiresAt))).toList();
          return conn.preparedQuery("""
                  INSERT INTO leads (agency_id, import_id, name, type, priority, contact_name, phone, industry, company_name, state,
                                     follower_staff_id, imported_at, expires_at, updated_at)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12)""")
              .executeBatch(batchArgs).map(batch);
        });
  }

  /** Active staff of the agency by account (for the follower column of an import). */
  public Future<Map<String, Long>> staffByAccount(long agencyId, List<String> accounts) {
    return pg.preparedQuery("""
            SELECT l.account, s.id FROM staff s JOIN logins l ON l.id = s.login_id
            WHERE s.agency_id = $1 AND s.status = 'active' AND l.account = ANY($2)""")
        .execute(Tuple.tuple().addLong(agencyId).addArrayOfString(accounts.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Long> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
          return out;
        });
  }

  public Future<Boolean> activeStaff(long agencyId, long staffId) {
    return pg.preparedQuery("SELECT 1 FROM staff WHERE agency_id = $1 AND id = $2 AND status = 'active'")
        .execute(Tuple.of(agencyId, staffId)).map(rows -> rows.size() > 0);
  }

  /** Sets the follower while the record is in one of {@code from} and records the assignment; false when it no longer is. */
  public Future<Boolean> assign(Pipeline p, long agencyId, long id, long staffId, Long byStaffId, Set<LeadState> from, Instant at) {
    return pg.preparedQuery("WITH changed AS (UPDATE " + p.table + " SET follower_staff_id = $3, updated_at = $4"
            + " WHERE agency_id = $1 AND id = $2 AND state = ANY($5) RETURNING id)"
            + " INSERT INTO lead_events (agency_id, " + p.ref + ", kind, staff_id, by_staff_id, at)"
            + " SELECT $1, id, 'assigned', $3, $6, $4 FROM changed")
        .execute(Tuple.tuple().addLong(agencyId).addLong(id).addLong(staffId).addValue(utc(at)).addArrayOfString(names(from))
            .addLong(byStaffId))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Records a follow-up and applies it: the new state, private contact (leads, only ever turned on),
   * the opportunity's judgement fields. Guarded by the follower and {@code from}; false when that no longer holds.
   */
  public Future<Boolean> followUp(Pipeline p, long agencyId, long id, long staffId, LeadState state, Boolean privateContact,
                                  String note, JsonObject details, Set<LeadState> from, Instant at) {
    String set = p == Pipeline.LEADS
        ? "state = $3, private_contact = private_contact OR coalesce($6, false), updated_at = $4"
        : "state = $3, intent_level = coalesce($7->>'intentLevel', intent_level), concerns = coalesce($7->>'concerns', concerns),"
          + " expected_open_date = coalesce(($7->>'expectedOpenDate')::date, expected_open_date),"
          + " expected_budget_fen = coalesce(($7->>'expectedBudgetFen')::bigint, expected_budget_fen), updated_at = $4";
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE " + p.table + " SET " + set
            + " WHERE agency_id = $1 AND id = $2 AND follower_staff_id = $8 AND state = ANY($5)"
            + " AND ($6::boolean IS NULL OR $6 IS NOT NULL) AND ($7::jsonb IS NULL OR $7 IS NOT NULL)")
        .execute(Tuple.tuple().addLong(agencyId).addLong(id).addString(state.dbValue()).addValue(utc(at))
            .addArrayOfString(names(from)).addValue(privateContact).addValue(details).addLong(staffId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery("INSERT INTO lead_follow_ups (agency_id, " + p.ref
                    + ", staff_id, state, private_contact, note, details, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addLong(agencyId).addLong(id).addLong(staffId).addString(state.dbValue())
                    .addValue(privateContact).addString(note).addValue(details).addValue(utc(at)))
                .map(true)));
  }

  /** Logs an outbound call by the follower while the record is open; a pending lead becomes following. */
  public Future<Boolean> call(Pipeline p, long agencyId, long id, long staffId, String outcome, int durationSeconds, String note,
                              Set<LeadState> from, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE " + p.table
            + " SET state = CASE WHEN state = 'pending' THEN 'following' ELSE state END, updated_at = $4"
            + " WHERE agency_id = $1 AND id = $2 AND follower_staff_id = $3 AND state = ANY($5) RETURNING " + p.phone)
        .execute(Tuple.tuple().addLong(agencyId).addLong(id).addLong(staffId).addValue(utc(at)).addArrayOfString(names(from)))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery("INSERT INTO lead_calls (agency_id, " + p.ref
                    + ", staff_id, phone, outcome, duration_seconds, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addLong(agencyId).addLong(id).addLong(staffId)
                    .addString(rows.iterator().next().getString(0)).addString(outcome).addInteger(durationSeconds)
                    .addString(note).addValue(utc(at)))
                .map(true)));
  }

  /** Names the company of an "unknown" lead; false when the lead is no longer unknown and open. */
  public Future<Boolean> linkCompany(long agencyId, long id, String company, String creditCode, Set<LeadState> from, Instant at) {
    return pg.preparedQuery("""
            UPDATE leads SET name = $3, company_name = $3, company_credit_code = $4, updated_at = $5
            WHERE agency_id = $1 AND id = $2 AND name = $6 AND state = ANY($7)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(id).addString(company).addString(creditCode).addValue(utc(at))
            .addString(Lead.UNKNOWN).addArrayOfString(names(from)))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Completes the lead and creates its opportunity in one transaction; empty when the guard no longer holds. */
  public Future<Optional<Opportunity>> convert(Lead lead, Opportunity o, Set<LeadState> from, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            UPDATE leads SET state = 'completed', updated_at = $3
            WHERE agency_id = $1 AND id = $2 AND private_contact AND state = ANY($4)""")
        .execute(Tuple.tuple().addLong(lead.agencyId()).addLong(lead.id()).addValue(utc(at)).addArrayOfString(names(from)))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.<Opportunity>empty())
            : conn.preparedQuery("""
                    INSERT INTO opportunities (agency_id, lead_id, name, type, priority, state, follower_staff_id, intent_level,
                      concerns, expected_open_date, expected_budget_fen, company_name, company_credit_code, contact_name,
                      contact_phone, contact_wechat, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, 'following', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id""")
                .execute(Tuple.tuple().addLong(lead.agencyId()).addLong(lead.id()).addString(o.name()).addString(o.type())
                    .addString(o.priority()).addLong(o.followerStaffId()).addString(o.intentLevel()).addString(o.concerns())
                    .addLocalDate(o.expectedOpenDate()).addLong(o.expectedBudgetFen()).addString(o.companyName())
                    .addString(o.companyCreditCode()).addString(o.contactName()).addString(o.contactPhone())
                    .addString(o.contactWechat()).addValue(utc(at)))
                .compose(ids -> {
                  long opportunityId = ids.iterator().next().getLong(0);
                  return conn.preparedQuery("""
                          INSERT INTO lead_events (agency_id, lead_id, kind, staff_id, data, at)
                          VALUES ($1, $2, 'converted', $3, jsonb_build_object('opportunityId', $4::bigint), $5)""")
                      .execute(Tuple.tuple().addLong(lead.agencyId()).addLong(lead.id()).addLong(o.followerStaffId())
                          .addLong(opportunityId).addValue(utc(at)))
                      .compose(v -> opportunity(conn, lead.agencyId(), opportunityId));
                })));
  }

  /** An expired lead: who should hear of it. */
  public record Expired(long id, long agencyId, String name, Long followerStaffId) {}

  /**
   * Expires up to {@code limit} open leads whose expiry has passed. Rows another instance holds are
   * skipped (SKIP LOCKED) and an expired lead is no longer open, so each lead expires once.
   */
  public Future<List<Expired>> expire(Instant at, Set<LeadState> from, int limit) {
    return pg.preparedQuery("""
            UPDATE leads SET state = 'expired', updated_at = $1
            WHERE id IN (SELECT id FROM leads WHERE state = ANY($2) AND expires_at <= $1
                         ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, agency_id, name, follower_staff_id""")
        .execute(Tuple.tuple().addValue(utc(at)).addArrayOfString(names(from)).addInteger(limit))
        .map(rows -> all(rows, r -> new Expired(r.getLong("id"), r.getLong("agency_id"), r.getString("name"), r.getLong("follower_staff_id"))));
  }

  private static String[] names(Set<LeadState> states) { return states.stream().map(LeadState::dbValue).toArray(String[]::new); }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(map.apply(r)));
    return out;
  }

  private static OffsetDateTime utc(Instant at) { return at == null ? null : at.atOffset(ZoneOffset.UTC); }

  private static Lead lead(Row r) {
    return new Lead(r.getLong("id"), r.getLong("agency_id"), r.getString("name"), r.getString("type"), r.getString("priority"),
        r.getString("contact_name"), r.getString("phone"), r.getString("industry"), r.getString("company_name"),
        r.getString("company_credit_code"), LeadState.of(r.getString("state")), r.getLong("follower_staff_id"),
        r.getString("follower_name"), r.getBoolean("private_contact"), r.getOffsetDateTime("imported_at").toInstant(),
        r.getOffsetDateTime("expires_at").toInstant(), r.getLong("opportunity_id"));
  }

  private static Opportunity opportunity(Row r) {
    return new Opportunity(r.getLong("id"), r.getLong("agency_id"), r.getLong("lead_id"), r.getString("name"), r.getString("type"),
        r.getString("priority"), LeadState.of(r.getString("state")), r.getLong("follower_staff_id"), r.getString("follower_name"),
        r.getString("intent_level"), r.getString("concerns"), r.getLocalDate("expected_open_date"), r.getLong("expected_budget_fen"),
        r.getString("company_name"), r.getString("company_credit_code"), r.getString("contact_name"), r.getString("contact_phone"),
        r.getString("contact_wechat"), r.getOffsetDateTime("created_at").toInstant());
  }
}
