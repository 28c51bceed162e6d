package io.beacon.platform;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one message catalogue (web-static/messages.json, also loaded by the web app): labels of enum
 * values, problem details, notice texts and export headers in zh-CN and English. The server picks the
 * language of a request from its {@code Accept-Language}; a request that names neither (a script,
 * a delivery system) gets English, the web app always names its UI language.
 */
public final class Messages {
  public enum Lang {
    ZH("zh-CN"), EN("en");

    public final String tag;

    Lang(String tag) { this.tag = tag; }

    public static Lang of(String tag) { return tag != null && tag.toLowerCase(Locale.ROOT).startsWith("en") ? EN : ZH; }
  }

  private static final Map<Lang, Map<String, String>> CATALOGUE = load();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private Messages() {}

  /** The language an {@code Accept-Language} header prefers among those the catalogue has. */
  public static Lang fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) return Lang.EN;
    Lang best = Lang.EN;
    double bestQ = -1;
    for (String part : header.split(",")) {
      String[] p = part.trim().split(";");
      String tag = p[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim();
        if (param.startsWith("q=")) {
          try {
            q = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      Lang lang = tag.startsWith("zh") ? Lang.ZH : tag.startsWith("en") ? Lang.EN : null;
      if (lang != null && q > bestQ) {
        best = lang;
        bestQ = q;
      }
    }
    return best;
  }

  public static Optional<String> find(Lang lang, String key) {
    String s = CATALOGUE.get(lang).get(key);
    if (s == null) s = CATALOGUE.get(Lang.ZH).get(key);
    return Optional.ofNullable(s);
  }

  /** The text of {@code key} with {name} placeholders filled from {@code args}; the key itself when unknown. */
  public static String text(Lang lang, String key, Map<String, ?> args) {
    return fill(find(lang, key).orElse(key), args);
  }

  public static String text(Lang lang, String key) { return text(lang, key, Map.of()); }

  /** The label of an enum value ({@code prefix.value}), or the value as is when the catalogue has none. */
  public static String label(Lang lang, String prefix, String value) {
    return value == null ? "" : find(lang, prefix + "." + value).orElse(value);
  }

  public static String fill(String template, Map<String, ?> args) {
    if (args.isEmpty()) return template;
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = args.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : String.valueOf(v)));
    }
    return m.appendTail(out).toString();
  }

  public static Map<String, Object> args(JsonObject o) { return o == null ? Map.of() : o.getMap(); }

  /** Fen as yuan for people: "¥1,234.56" (negative amounts with a minus sign). */
  public static String yuan(long fen) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return (fen < 0 ? "-¥" : "¥") + f.format(BigDecimal.valueOf(Math.abs(fen), 2));
  }

  /** Fen as a plain yuan number with two decimals, for spreadsheets. */
  public static BigDecimal yuanNumber(long fen) { return BigDecimal.valueOf(fen, 2); }

  private static Map<Lang, Map<String, String>> load() {
    try (InputStream in = Messages.class.getResourceAsStream("/web-static/messages.json")) {
      if (in == null) throw new IllegalStateException("web-static/messages.json is missing from the classpath");
      JsonObject all = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<Lang, Map<String, String>> out = new HashMap<>();
      for (Lang lang : Lang.values()) {
        Map<String, String> m = new HashMap<>();
        all.getJsonObject(lang.tag, new JsonObject()).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        out.put(lang, Map.copyOf(m));
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new IllegalStateException("web-static/messages.json is unreadable", e);
    }
  }
}
