package io.beacon.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** docker-compose.yml, the Dockerfile and the proxy configuration agree with what Beacon reads. */
class DeploymentFilesTest {
  private static final Path COMPOSE = Path.of("docker-compose.yml");

  @Test
  @DisplayName("docker-compose runs PostgreSQL 16, Redis 7 with AOF and two Beacons behind a proxy, configured by Beacon's environment names")
  void composeFile() throws Exception {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
    JsonNode services = compose.get("services");
    assertTrue(services.get("postgres").get("image").asText().startsWith("postgres:16"));
    assertTrue(services.get("redis").get("image").asText().startsWith("redis:7"));
    assertTrue(services.get("redis").get("command").toString().contains("appendonly"), "Redis keeps an AOF");
    assertTrue(services.get("proxy").get("volumes").toString().contains("deploy/nginx.conf"));
    String nginx = Files.readString(Path.of("deploy", "nginx.conf"));

    List<String> beacons = new ArrayList<>();
    for (Iterator<String> names = services.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode service = services.get(name);
      if (!service.has("build")) continue;
      beacons.add(name);
      assertTrue(nginx.contains("server " + name + ":8080"), "the proxy sends traffic to " + name);
      JsonNode env = service.get("environment");
      assertTrue(env.has("BEACON_PG_URL") && env.has("BEACON_REDIS_URL"), name + " names external engines");
      for (Iterator<String> vars = env.fieldNames(); vars.hasNext(); ) {
        String var = vars.next();
        assertTrue(BeaconConfig.environmentVariables().contains(var), name + " sets " + var + ", which Beacon does not read");
      }
      assertTrue(env.get("BEACON_PG_URL").asText().contains("@postgres:5432/"));
      assertTrue(env.get("BEACON_REDIS_URL").asText().startsWith("redis://redis:6379"));
      String proxyAddress = services.get("proxy").get("networks").get("default").get("ipv4_address").asText();
      assertEquals(proxyAddress + "/32", env.get("BEACON_HTTP_TRUSTED_PROXIES").asText(), name + " trusts exactly the proxy's X-Forwarded-For");
    }
    assertTrue(nginx.contains("X-Forwarded-For $proxy_add_x_forwarded_for"), "the proxy appends the peer address");
    assertEquals(List.of("beacon1", "beacon2"), beacons);

    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertTrue(dockerfile.contains("target/beacon.jar") && dockerfile.contains("-jre"), "the fat jar on a JRE image");
  }

  @Test
  @DisplayName("docker-compose config accepts the file (when the docker-compose tool is installed)")
  void composeConfigValidates() throws Exception {
    assumeTrue(new File("/usr/bin/docker-compose").canExecute(), "docker-compose is not installed");
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/docker-compose", "-f", COMPOSE.toString(), "config", "-q")
        .redirectErrorStream(true);
    pb.environment().put("BEACON_DB_PASSWORD", "test-only");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config timed out");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
  }
}
