package io.beacon.tickets;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Image type by magic bytes, never by the declared Content-Type or a file name. */
final class ImageTypes {
  private ImageTypes() {}

  static Optional<String> sniff(Buffer b) {
    if (starts(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) return Optional.of("image/png");
    if (starts(b, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) return Optional.of("image/jpeg");
    if (starts(b, 0, ascii("GIF87a")) || starts(b, 0, ascii("GIF89a"))) return Optional.of("image/gif");
    if (starts(b, 0, ascii("RIFF")) && starts(b, 8, ascii("WEBP"))) return Optional.of("image/webp");
    return Optional.empty();
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

  private static boolean starts(Buffer b, int offset, byte[] magic) {
    if (b.length() < offset + magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if (b.getByte(offset + i) != magic[i]) return false;
    }
    return true;
  }
}
