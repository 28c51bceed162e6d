package io.beacon.channel;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and checks a lead import file (commons-csv). Columns by header, English or Chinese:
 * name 线索名称, type 类型, priority 优先级, phone 电话, contact 联系人, industry 行业, company 公司,
 * follower 跟进人 (a staff account). Rows are numbered as lines of the file, the header being row 1.
 */
final class LeadCsv {
  static final int MAX_ROWS = 10_000;
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 -]{4,19}$");
  private static final Map<String, String> HEADERS = Map.ofEntries(
      Map.entry("name", "name"), Map.entry("线索名称", "name"), Map.entry("名称", "name"),
      Map.entry("type", "type"), Map.entry("类型", "type"), Map.entry("线索类型", "type"),
      Map.entry("priority", "priority"), Map.entry("优先级", "priority"),
      Map.entry("phone", "phone"), Map.entry("电话", "phone"), Map.entry("手机号", "phone"),
      Map.entry("contact", "contact"), Map.entry("联系人", "contact"),
      Map.entry("industry", "industry"), Map.entry("行业", "industry"),
      Map.entry("company", "company"), Map.entry("公司", "company"), Map.entry("公司主体", "company"),
      Map.entry("follower", "follower"), Map.entry("跟进人", "follower"));
  private static final Map<String, String> TYPES = Map.of("consultation", "consultation", "客户咨询", "consultation",
      "event", "event", "活动报名", "event", "platform", "platform", "平台分配", "platform", "referral", "referral", "转介绍", "referral");
  private static final Map<String, String> PRIORITIES = Map.of("high", "high", "高", "high", "medium", "medium", "中", "medium",
      "low", "low", "低", "low");

  /** A row's problem: its row number, the column and what is wrong. */
  record RowError(int row, String field, String message) {}

  /** A parsed row before follower accounts are resolved. */
  record Row(int row, String name, String type, String priority, String phone, String contact, String industry, String company,
             String follower) {}

  record Parsed(List<Row> rows, List<RowError> errors) {}

  private LeadCsv() {}

  static Parsed parse(String text) {
    List<Row> rows = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
        .setIgnoreEmptyLines(true).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
      Map<String, String> columns = new java.util.HashMap<>();
      for (String h : parser.getHeaderNames()) {
        String key = HEADERS.get(h.trim().toLowerCase(Locale.ROOT));
        if (key != null) columns.put(key, h);
      }
      for (String required : List.of("name", "type", "priority", "phone")) {
        if (!columns.containsKey(required)) errors.add(new RowError(1, required, "missing column " + required));
      }
      if (!errors.isEmpty()) return new Parsed(rows, errors);
      for (CSVRecord r : parser) {
        int row = (int) r.getRecordNumber() + 1;
        if (rows.size() >= MAX_ROWS) {
          errors.add(new RowError(row, "file", "at most " + MAX_ROWS + " rows per import"));
          break;
        }
        String name = value(r, columns, "name");
        String type = TYPES.get(value(r, columns, "type").toLowerCase(Locale.ROOT));
        String priority = PRIORITIES.get(value(r, columns, "priority").toLowerCase(Locale.ROOT));
        String phone = value(r, columns, "phone");
        if (name.isEmpty()) errors.add(new RowError(row, "name", "required (write 未知 when the company is unknown)"));
        if (name.length() > 100) errors.add(new RowError(row, "name", "at most 100 characters"));
        if (type == null) errors.add(new RowError(row, "type", "one of consultation, event, platform, referral"));
        if (priority == null) errors.add(new RowError(row, "priority", "one of high, medium, low"));
        if (!PHONE.matcher(phone).matches()) errors.add(new RowError(row, "phone", "not a phone number"));
        rows.add(new Row(row, name, type, priority, phone, blankToNull(value(r, columns, "contact")),
            blankToNull(value(r, columns, "industry")), blankToNull(value(r, columns, "company")),
            blankToNull(value(r, columns, "follower"))));
      }
    } catch (IOException | RuntimeException e) {
      errors.add(new RowError(1, "file", "not a readable CSV file: " + e.getMessage()));
    }
    return new Parsed(rows, errors);
  }

  private static String value(CSVRecord r, Map<String, String> columns, String key) {
    String header = columns.get(key);
    if (header == null || !r.isMapped(header) || !r.isSet(header)) return "";
    return r.get(header).trim();
  }

  private static String blankToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
