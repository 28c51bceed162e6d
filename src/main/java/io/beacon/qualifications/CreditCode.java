package io.beacon.qualifications;

import java.util.Locale;
import java.util.Optional;

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
 * alphabet (digits and capitals without I, O, Z, S, V); the last is a check character, weighted sum
 * mod 31 of the first 17.
 */
public final class CreditCode {
  static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private CreditCode() {}

  /** The code upper-cased and trimmed; lower-case input is accepted as typed by hand. */
  public static String normalize(String code) { return code == null ? null : code.trim().toUpperCase(Locale.ROOT); }

  /** Why {@code code} (normalized) is not a valid credit code, or empty when it is. */
  public static Optional<String> problem(String code) {
    if (code == null || code.length() != 18) return Optional.of("must be 18 characters");
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return Optional.of("character " + (i + 1) + " '" + code.charAt(i) + "' is not allowed (digits and capitals except I, O, Z, S, V)");
      }
    }
    if (code.charAt(17) != checkChar(code.substring(0, 17))) return Optional.of("the check character (18th) does not match");
    return Optional.empty();
  }

  /** The check character of the first 17 characters of a code. */
  static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }
}
