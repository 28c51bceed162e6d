package io.beacon.accounts;

import io.beacon.auth.Role;
import io.beacon.platform.ChangeText;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.RequestParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * SQL of staff, their client assignments and the operation log. Every statement is scoped
 * by agency; search text is compared with strpos, so wildcards and quotes are data.
 */
public final class AccountsStore {
  private final Pool pg;

  public AccountsStore(Pool pg) { this.pg = pg; }

  public record Staff(long id, long loginId, String account, String name, Role role, boolean leadAdmin, String status,
                      String phone, String email, OffsetDateTime createdAt, long assignedClients) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("account", account).put("name", name).put("role", role.dbValue())
          .put("leadAdmin", leadAdmin).put("status", status).put("phone", phone).put("email", email)
          .put("createdAt", createdAt.toInstant().toString()).put("assignedClients", assignedClients);
    }

    /** What the operation log keeps of a staff member before and after a change. */
    public JsonObject summary() {
      return new JsonObject().put("account", account).put("role", role.dbValue()).put("status", status).put("leadAdmin", leadAdmin);
    }
  }

  public record StaffFilter(String role, String status, String account, String name, String q) {}

  public record NewStaff(String account, String name, Role role, String phone, String email) {}

  public record LogFilter(String action, String type, Long staffId, OffsetDateTime from, OffsetDateTime to, String q) {
    /** Reads the filters from named values (the list's query parameters, or an export's filters); blank is absent. */
    public static LogFilter of(Function<String, String> values) {
      Function<String, String> v = name -> {
        String s = values.apply(name);
        return s == null || s.isBlank() ? null : s;
      };
      String staffId = v.apply("staffId");
      return new LogFilter(v.apply("action"), v.apply("type"), staffId == null ? null : RequestParams.parse("staffId", staffId, 1, Long.MAX_VALUE),
          time(v.apply("from"), "from"), time(v.apply("to"), "to"), v.apply("q"));
    }

    private static OffsetDateTime time(String value, String name) {
      try {
        return value == null ? null : OffsetDateTime.parse(value);
      } catch (DateTimeParseException e) {
        throw new Invalid(name, "must be an ISO-8601 date-time with offset, e.g. 2026-11-25T00:00:00+08:00");
      }
    }
  }

  /** The columns of an operation log download, and {@link #logCells} the cells of one entry. */
  public static final List<String> LOG_COLUMNS = List.of("at", "action", "targetType", "targetId", "staffId", "staffName",
      "account", "actingClientId", "actingClientName", "change", "ip", "requestId");

  public static List<Object> logCells(JsonObject e) {
    JsonObject s = e.getJsonObject("staff");
    JsonObject c = e.getJsonObject("actingClient");
    return Arrays.asList(e.getString("at"), e.getString("action"), e.getString("targetType"), e.getString("targetId"),
        s == null ? null : s.getLong("id"), s == null ? null : s.getString("name"), e.getString("account"),
        c == null ? null : c.getLong("id"), c == null ? null : c.getString("name"),
        new ChangeText(e.getJsonObject("before"), e.getJsonObject("after")), e.getString("ip"), e.getString("requestId"));
  }

  public record Page<T>(List<T> items, long total) {}

  private static final String STAFF_SELECT = """
      SELECT s.id, s.login_id, l.account, s.name, s.role, s.lead_admin, s.status, l.phone, l.email, s.created_at,
             (SELECT count(*) FROM staff_clients sc WHERE sc.staff_id = s.id) AS assigned_clients,
             count(*) OVER () AS total
        FROM staff s JOIN logins l ON l.id = s.login_id
      """;

  public Future<Page<Staff>> listStaff(long agencyId, StaffFilter f, int page, int pageSize) {
    return pg.preparedQuery(STAFF_SELECT + """
             WHERE s.agency_id = $1
               AND ($2::text IS NULL OR s.role = $2)
               AND ($3::text IS NULL OR s.status = $3)
               AND ($4::text IS NULL OR strpos(lower(l.account), lower($4)) > 0)
               AND ($5::text IS NULL OR strpos(lower(s.name), lower($5)) > 0)
               AND ($6::text IS NULL OR strpos(lower(s.name), lower($6)) > 0 OR strpos(lower(l.account), lower($6)) > 0)
             ORDER BY CASE s.role WHEN 'main' THEN 0 WHEN 'admin' THEN 1 WHEN 'employee' THEN 2 ELSE 3 END, s.id
             LIMIT $7 OFFSET $8""")
        .execute(Tuple.tuple().addLong(agencyId).addString(f.role()).addString(f.status()).addString(f.account())
            .addString(f.name()).addString(f.q()).addInteger(pageSize).addInteger((page - 1) * pageSize))
        .map(rows -> page(rows, AccountsStore::staff));
  }

  public Future<Optional<Staff>> staff(long agencyId, long staffId) {
    return pg.preparedQuery(STAFF_SELECT + " WHERE s.agency_id = $1 AND s.id = $2")
        .execute(Tuple.of(agencyId, staffId))
        .map(rows -> rows.size() == 0 ? Optional.<Staff>empty() : Optional.of(staff(rows.iterator().next())));
  }

  /** A new login with one agency identity; the account must be free. */
  public Future<Long> createStaff(long agencyId, NewStaff n, String passwordHash) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO logins (account, password_hash, display_name, phone, email) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (account) DO NOTHING RETURNING id""")
        .execute(Tuple.of(n.account(), passwordHash, n.name(), n.phone(), n.email()))
        .compose(logins -> {
          if (logins.size() == 0) return Future.succeededFuture(-1L);
          long loginId = logins.iterator().next().getLong(0);
          return conn.preparedQuery("INSERT INTO staff (agency_id, login_id, name, role) VALUES ($1, $2, $3, $4) RETURNING id")
              .execute(Tuple.of(agencyId, loginId, n.name(), n.role().dbValue()))
              .compose(staff -> {
                long staffId = staff.iterator().next().getLong(0);
                return conn.preparedQuery("INSERT INTO identities (login_id, kind, agency_id, staff_id) VALUES ($1, 'agency', $2, $3)")
                    .execute(Tuple.of(loginId, agencyId, staffId)).map(staffId);
              });
        }));
  }

  public Future<Void> setStatus(long agencyId, long staffId, String status) {
    return pg.preparedQuery("UPDATE staff SET status = $3 WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, staffId, status)).mapEmpty();
  }

  public Future<Void> setLeadAdmin(long agencyId, long staffId, boolean leadAdmin) {
    return pg.preparedQuery("UPDATE staff SET lead_admin = $3 WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, staffId, leadAdmin)).mapEmpty();
  }

  public Future<JsonArray> assignedClients(long agencyId, long staffId) {
    return pg.preparedQuery("""
            SELECT c.id, c.name, sc.assigned_at FROM staff_clients sc JOIN clients c ON c.id = sc.client_id
             WHERE sc.agency_id = $1 AND sc.staff_id = $2 ORDER BY c.name, c.id""")
        .execute(Tuple.of(agencyId, staffId))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(r -> list.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("assignedAt", r.getOffsetDateTime("assigned_at").toInstant().toString())));
          return list;
        });
  }

  /** Which of {@code clientIds} are clients of the agency. */
  public Future<Set<Long>> clientsOfAgency(long agencyId, List<Long> clientIds) {
    return pg.preparedQuery("SELECT id FROM clients WHERE agency_id = $1 AND id = ANY($2)")
        .execute(Tuple.tuple().addLong(agencyId).addArrayOfLong(clientIds.toArray(Long[]::new)))
        .map(rows -> {
          Set<Long> found = new HashSet<>();
          rows.forEach(r -> found.add(r.getLong(0)));
          return found;
        });
  }

  /** Assigns clients of the agency to a staff member; returns how many were newly assigned. */
  public Future<Integer> assign(long agencyId, long staffId, List<Long> clientIds) {
    return pg.preparedQuery("""
            INSERT INTO staff_clients (agency_id, staff_id, client_id)
            SELECT $1, $2, c.id FROM clients c WHERE c.agency_id = $1 AND c.id = ANY($3)
            ON CONFLICT DO NOTHING""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(staffId).addArrayOfLong(clientIds.toArray(Long[]::new)))
        .map(RowSet::rowCount);
  }

  public Future<Boolean> unassign(long agencyId, long staffId, long clientId) {
    return pg.preparedQuery("DELETE FROM staff_clients WHERE agency_id = $1 AND staff_id = $2 AND client_id = $3")
        .execute(Tuple.of(agencyId, staffId, clientId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Page<JsonObject>> operationLog(long agencyId, LogFilter f, int limit, int offset) {
    return pg.preparedQuery("""
            SELECT o.id, o.at, o.action, o.target_type, o.target_id, o.staff_id, s.name AS staff_name, l.account,
                   o.identity_id, o.acting_client_id, c.name AS acting_client_name, o.before, o.after, o.ip, o.request_id,
                   count(*) OVER () AS total
              FROM operation_log o
              LEFT JOIN staff s ON s.id = o.staff_id
              LEFT JOIN logins l ON l.id = o.login_id
              LEFT JOIN clients c ON c.id = o.acting_client_id AND c.agency_id = o.agency_id
             WHERE o.agency_id = $1
               AND ($2::text IS NULL OR o.action = $2)
               AND ($3::text IS NULL OR o.target_type = $3)
               AND ($4::bigint IS NULL OR o.staff_id = $4)
               AND ($5::timestamptz IS NULL OR o.at >= $5)
               AND ($6::timestamptz IS NULL OR o.at < $6)
               AND ($7::text IS NULL OR strpos(lower(concat_ws(' ', o.action, o.target_id, o.before::text, o.after::text, l.account, s.name)), lower($7)) > 0)
             ORDER BY o.at DESC, o.id DESC
             LIMIT $8 OFFSET $9""")
        .execute(Tuple.tuple().addLong(agencyId).addString(f.action()).addString(f.type()).addLong(f.staffId())
            .addOffsetDateTime(f.from()).addOffsetDateTime(f.to()).addString(f.q()).addInteger(limit).addInteger(offset))
        .map(rows -> page(rows, AccountsStore::logEntry));
  }

  /** A page of rows that carry their query's {@code total} (count(*) OVER ()). */
  static <T> Page<T> page(RowSet<Row> rows, Function<Row, T> map) {
    List<T> items = new ArrayList<>();
    long total = 0;
    for (Row r : rows) {
      items.add(map.apply(r));
      total = r.getLong("total");
    }
    return new Page<>(items, total);
  }

  private static Staff staff(Row r) {
    return new Staff(r.getLong("id"), r.getLong("login_id"), r.getString("account"), r.getString("name"),
        Role.of(r.getString("role")), r.getBoolean("lead_admin"), r.getString("status"), r.getString("phone"),
        r.getString("email"), r.getOffsetDateTime("created_at"), r.getLong("assigned_clients"));
  }

  private static JsonObject logEntry(Row r) {
    Long staffId = r.getLong("staff_id");
    Long acting = r.getLong("acting_client_id");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("at", r.getOffsetDateTime("at").toInstant().toString())
        .put("action", r.getString("action"))
        .put("targetType", r.getString("target_type"))
        .put("targetId", r.getString("target_id"))
        .put("staff", staffId == null ? null : new JsonObject().put("id", staffId).put("name", r.getString("staff_name")))
        .put("account", r.getString("account"))
        .put("identityId", r.getLong("identity_id"))
        .put("actingClient", acting == null ? null : new JsonObject().put("id", acting).put("name", r.getString("acting_client_name")))
        .put("before", r.getJsonObject("before"))
        .put("after", r.getJsonObject("after"))
        .put("ip", r.getString("ip"))
        .put("requestId", r.getString("request_id"));
  }
}
