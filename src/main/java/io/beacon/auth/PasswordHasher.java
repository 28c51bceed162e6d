package io.beacon.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id with OWASP's parameters (19 MiB, 2 iterations, parallelism 1). Hashing is deliberately
 * slow: call it from a worker ({@code executeBlocking}), never on an event loop.
 */
public final class PasswordHasher {
  private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

  private PasswordHasher() {}

  public static String hash(String password) {
    return ENCODER.encode(password);
  }

  public static boolean matches(String password, String hash) {
    return hash != null && ENCODER.matches(password, hash);
  }
}
