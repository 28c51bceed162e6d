package io.beacon.live.push;

/** Stream entry ids ("millis-counter") as sequence numbers: validation and ordering. */
final class Seq {
  private Seq() {}

  /** The position before any entry: resuming from it replays the whole stream, if the stream was never trimmed. */
  static final String START = "0-0";

  static boolean valid(String seq) {
    if (seq == null) return false;
    int dash = seq.indexOf('-');
    if (dash <= 0 || dash == seq.length() - 1 || seq.length() > 41) return false;
    for (int i = 0; i < seq.length(); i++) {
      char ch = seq.charAt(i);
      if (i != dash && (ch < '0' || ch > '9')) return false;
    }
    return true;
  }

  /** Orders two valid ids; null sorts first. */
  static int compare(String a, String b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    int c = Long.compare(Long.parseLong(a, 0, da, 10), Long.parseLong(b, 0, db, 10));
    return c != 0 ? c : Long.compare(Long.parseLong(a, da + 1, a.length(), 10), Long.parseLong(b, db + 1, b.length(), 10));
  }

  static String max(String a, String b) { return compare(a, b) >= 0 ? a : b; }

  /** The creation time of an entry id in epoch milliseconds. */
  static long millis(String seq) { return Long.parseLong(seq, 0, seq.indexOf('-'), 10); }
}
