package io.beacon.live.push;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Which webhook URLs Beacon will call: http or https with a host and no credentials; in the production
 * profile never localhost or a loopback, private, link-local or unspecified address (no calls into the
 * server's own network).
 */
final class WebhookUrls {
  private WebhookUrls() {}

  /** Why {@code url} is refused, or null when it is acceptable. */
  static String problem(String url, boolean production) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return "must be an absolute http or https URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return "must use http or https";
    String host = uri.getHost();
    if (host == null || host.isBlank()) return "must name a host";
    if (uri.getUserInfo() != null) return "must not carry credentials";
    if (production && internal(host.toLowerCase(Locale.ROOT))) return "must not point at localhost or a private network";
    return null;
  }

  private static boolean internal(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) return true;
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+") && !literal.contains(":")) return false;   // a name: resolved by the HTTP client
    try {
      InetAddress a = InetAddress.getByName(literal);   // a literal address: no lookup
      return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
          || a.getAddress()[0] == (byte) 0xfc || a.getAddress()[0] == (byte) 0xfd;
    } catch (Exception e) {
      return true;
    }
  }
}
