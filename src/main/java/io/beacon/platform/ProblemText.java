package io.beacon.platform;

import io.beacon.platform.Messages.Lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A problem's {@code detail} in the reader's language, from the catalogue's {@code problem.<type>}
 * text, and its field errors as sentences a person reads ({@code field.<name>} label and a
 * {@code problemField.<reason>} recognised in the validator's or feature's English message).
 */
final class ProblemText {
  /** English message fragments (schema validator and features) and the catalogue reason they mean, in test order. */
  private static final Map<Pattern, String> REASONS = new LinkedHashMap<>();

  static {
    reason("too short \\((\\d+) < (\\d+)\\)|at least (\\d+) characters", "tooShort");
    reason("too long \\((\\d+) > (\\d+)\\)|at most (\\d+) characters", "tooLong");
    reason("less than (?:the )?minimum (?:of )?(-?[\\d.]+)|below the minimum (-?[\\d.]+)|must be >= (-?[\\d.]+)", "tooSmall");
    reason("greater than (?:the )?maximum (?:of )?(-?[\\d.]+)|above the maximum (-?[\\d.]+)|must be <= (-?[\\d.]+)", "tooLarge");
    reason("required|is missing|must be given", "required");
    reason("must not be blank|is blank|empty", "blank");
    reason("in the future", "future");
    reason("unknown client|clients of your agency|unknown clients", "unknownClient");
    reason("staff member", "unknownStaff");
    reason("before from|before the start", "rangeOrder");
    reason("after today", "notAfterToday");
    reason("span at most|spans at most", "rangeTooLong");
    reason("password is incorrect", "passwordWrong");
    reason("differ from the current password", "passwordSame");
    reason("needs its reason|say why", "reasonRequired");
    reason("JSON", "json");
    reason("PNG|JPEG|image", "image");
    reason("CSV", "csv");
    reason("cursor", "cursor");
    reason("enum|one of|must be (open|or)", "enum");
    reason("pattern|format", "pattern");
    reason("additional propert|unevaluated propert|unknown column|unknown topic|unknown kind", "unknown");
    reason("type|integer|number|boolean|string|array|object", "type");
  }

  private ProblemText() {}

  private static void reason(String regex, String key) { REASONS.put(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), key); }

  /** The detail of the problem in {@code lang}. */
  static String detail(ApiException p, Lang lang) {
    if (p.status() == 400 && !p.errors().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (FieldError e : p.errors()) parts.add(fieldMessage(e, lang));
      return Messages.text(lang, "problem.validation") + (lang == Lang.ZH ? "：" : ": ") + String.join(lang == Lang.ZH ? "；" : "; ", parts);
    }
    Map<String, Object> args = new LinkedHashMap<>(p.extensions().getMap());
    if (p.extensions().containsKey("availableFen")) {
      args.put("account", Messages.label(lang, "account", p.extensions().getString("account")));
      args.put("available", Messages.yuan(p.extensions().getLong("availableFen", 0L)));
      args.put("requested", Messages.yuan(p.extensions().getLong("requestedFen", 0L)));
    }
    return Messages.find(lang, "problem." + p.type())
        .map(s -> Messages.fill(s, args))
        .orElseGet(() -> lang == Lang.EN ? p.getMessage() : Messages.text(lang, "problem.client-error"));
  }

  /** One field error as a sentence: "金额：不能小于 0". English keeps the feature's own message. */
  static String fieldMessage(FieldError e, Lang lang) {
    String field = e.field() == null ? "" : e.field().replaceAll(".*[/.]", "");
    String label = Messages.find(lang, "field." + field).orElse(lang == Lang.ZH ? "请求内容" : field);
    if (lang == Lang.EN) return label + ": " + e.message();
    String message = e.message() == null ? "" : e.message();
    for (Map.Entry<Pattern, String> r : REASONS.entrySet()) {
      Matcher m = r.getKey().matcher(message);
      if (m.find()) return label + "：" + Messages.text(lang, "problemField." + r.getValue(), Map.of("n", lastGroup(m)));
    }
    return label + Messages.text(lang, "problemField.invalid");
  }

  private static String lastGroup(Matcher m) {
    for (int i = m.groupCount(); i >= 1; i--) if (m.group(i) != null) return m.group(i);
    return "";
  }
}
