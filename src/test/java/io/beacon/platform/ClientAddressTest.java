package io.beacon.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAddressTest {
  private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "172.28.0.10/32", "fd00::/8"));

  @Test
  @DisplayName("X-Forwarded-For counts only when the peer is a trusted proxy, read from the right past trusted hops")
  void resolve() {
    assertEquals("8.8.4.4", behindProxies.resolve("8.8.4.4", List.of("1.2.3.4")), "untrusted peer: header ignored");
    assertEquals("1.2.3.4", behindProxies.resolve("172.28.0.10", List.of("1.2.3.4")));
    assertEquals("1.2.3.4", behindProxies.resolve("172.28.0.10", List.of("6.6.6.6, 1.2.3.4, 10.1.2.3")), "spoofed entries left of the client are ignored");
    assertEquals("1.2.3.4", behindProxies.resolve("172.28.0.10", List.of("6.6.6.6", "1.2.3.4")), "several header lines form one list");
    assertEquals("10.1.2.3", behindProxies.resolve("172.28.0.10", List.of("not-an-address, 10.1.2.3")), "garbage stops the walk");
    assertEquals("172.28.0.10", behindProxies.resolve("172.28.0.10", List.of("not-an-address")));
    assertEquals("2001:db8:0:0:0:0:0:1", behindProxies.resolve("fd00::5", List.of("2001:db8::1")));
    assertEquals("172.28.0.11", behindProxies.resolve("172.28.0.11", List.of("1.2.3.4")), "a /32 trusts one address only");
    assertEquals("1.2.3.4", new ClientAddress(List.of()).resolve("1.2.3.4", List.of("5.6.7.8")), "nothing trusted by default");
  }

  @Test
  @DisplayName("http.trustedProxies is validated at start-up and read from BEACON_HTTP_TRUSTED_PROXIES as a comma-separated list")
  void configuration() {
    BeaconConfig c = BeaconConfig.load(Map.of("BEACON_HTTP_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"), Map.of());
    assertEquals(2, ClientAddress.parse(c.http().trustedProxies()).size());
    assertTrue(BeaconConfig.load(Map.of(), Map.of()).http().trustedProxies().isEmpty());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> BeaconConfig.load(Map.of("BEACON_HTTP_TRUSTED_PROXIES", "10.0.0.0/33"), Map.of()));
    assertTrue(bad.getMessage().contains("http.trustedProxies"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BeaconConfig.load(Map.of("BEACON_HTTP_TRUSTED_PROXIES", "proxy.example"), Map.of()));
  }
}
