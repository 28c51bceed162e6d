package io.beacon.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request comes from, for throttling and the operation log. {@code X-Forwarded-For} is
 * believed only when the connection comes from a configured trusted proxy: the list is read from the
 * right (the hop nearest to us), trusted proxies are skipped, and the first other address is the
 * client. Anyone else could write any address into the header.
 */
public final class ClientAddress implements Handler<RoutingContext> {
  private static final String KEY = "beacon.clientAddress";
  /** Only literal IPv4/IPv6 addresses: never a host name (InetAddress would resolve it). */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Network> trusted;

  /** An address block: the address bytes and how many leading bits must match. */
  record Network(byte[] address, int prefix) {
    boolean contains(byte[] a) {
      if (a.length != address.length) return false;
      int full = prefix / 8;
      for (int i = 0; i < full; i++) if (a[i] != address[i]) return false;
      int rest = prefix % 8;
      if (rest == 0) return true;
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (address[full] & mask);
    }
  }

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = parse(trustedProxies);
  }

  /** Parses CIDR blocks ("10.0.0.0/8", "::1/128", or a bare address for one host); entries may also be comma-separated. */
  static List<Network> parse(List<String> cidrs) {
    List<Network> out = new ArrayList<>();
    if (cidrs == null) return out;
    for (String entry : cidrs) {
      for (String cidr : entry.split(",")) {
        String c = cidr.trim();
        if (c.isEmpty()) continue;
        int slash = c.indexOf('/');
        byte[] address = literal(slash < 0 ? c : c.substring(0, slash));
        if (address == null) throw new IllegalArgumentException("not an IP address block: " + c);
        int prefix;
        try {
          prefix = slash < 0 ? address.length * 8 : Integer.parseInt(c.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not an IP address block: " + c);
        }
        if (prefix < 0 || prefix > address.length * 8) throw new IllegalArgumentException("prefix out of range: " + c);
        out.add(new Network(address, prefix));
      }
    }
    return out;
  }

  private static byte[] literal(String s) {
    String v = s.trim();
    if (v.startsWith("[") && v.endsWith("]")) v = v.substring(1, v.length() - 1);
    if (!LITERAL.matcher(v).matches()) return null;
    try {
      return InetAddress.getByName(v).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private boolean isTrusted(byte[] a) {
    for (Network n : trusted) if (n.contains(a)) return true;
    return false;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
        ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  /** The client's address given the peer's address and the X-Forwarded-For headers (in order). */
  String resolve(String peer, List<String> forwardedFor) {
    if (peer == null) return "unknown";
    byte[] hop = literal(peer);
    if (hop == null || !isTrusted(hop) || forwardedFor.isEmpty()) return peer;
    List<String> chain = new ArrayList<>();
    for (String header : forwardedFor) for (String part : header.split(",")) chain.add(part.trim());
    String client = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      byte[] a = literal(chain.get(i));
      if (a == null) break;   // garbage in the header: stop at the last address we could trust
      client = text(a);
      if (!isTrusted(a)) break;
    }
    return client;
  }

  /** The request's client address (see the class comment). */
  public static String of(RoutingContext ctx) {
    String a = ctx.get(KEY);
    if (a != null) return a;
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  /** Canonical text of an address, so two spellings of one address count as one client. */
  private static String text(byte[] a) {
    try {
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
