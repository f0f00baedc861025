package dev.featurewatch.store.serving;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that a JSON answer is written into as UTF-8, and sent from without a final
 * copy, reused by its request thread for the next answer. Not thread-safe.
 *
 * <p>A 100-entity answer of 50 features is about 280 KB of 15,000 values, statuses and times.
 * Allocating it (twice, with the copy) on every request made the server's young generation fill
 * several times a second at 500 requests a second, and writing it through Jackson's generator
 * (which buffers, then copies into the stream) was a fifth of the server's time. So the answer
 * writes the few JSON tokens it needs itself: punctuation and pre-encoded text as bytes, strings
 * escaped as Jackson escapes them, numbers without an object each. Placing the commas and colons is
 * the caller's job.
 */
final class ResponseBuffer {

  /** Larger buffers are not kept for the next request, so one huge answer does not pin memory. */
  static final int MAX_KEPT = 1 << 20;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * Per ASCII character, how a JSON string holds it: 0 as itself, a letter for a two-character
   * escape ({@code \n}), -1 for a {@code \}{@code u00XX} escape (the other control characters).
   */
  private static final byte[] ESCAPES = escapes();

  private byte[] bytes = new byte[8192];
  private int length;

  /** Empties the buffer, giving back a large array. */
  void reset() {
    length = 0;
    if (bytes.length > MAX_KEPT) {
      bytes = new byte[8192];
    }
  }

  /**
   * Makes room for {@code capacity} bytes in all, so that the buffer rarely grows while written.
   */
  void reserve(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, capacity);
    }
  }

  /** Makes room for {@code more} bytes after the written ones. */
  private void ensure(int more) {
    int needed = length + more;
    if (needed > bytes.length) {
      reserve(Math.max(2 * bytes.length, needed));
    }
  }

  /** Appends an ASCII character, such as JSON punctuation. */
  void ascii(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
  }

  /** Appends bytes that are already JSON text, such as a pre-encoded token. */
  void raw(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
  }

  /**
   * Appends {@code text} as a quoted JSON string, in UTF-8. Escaped as Jackson escapes: {@code "},
   * {@code \} and the control characters below U+0020 (with the short forms {@code \b \t \n \f
   * \r}); other characters are written as themselves, except surrogates that do not form a pair,
   * which UTF-8 cannot hold and which are written as {@code \}{@code uXXXX} escapes.
   */
  void string(String text) {
    int n = text.length();
    // at most 6 bytes a char (a \\u escape), 2 quotes
    ensure(6 * n + 2);
    byte[] out = bytes;
    int at = length;
    out[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        byte escape = ESCAPES[c];
        if (escape == 0) {
          out[at++] = (byte) c;
        } else if (escape > 0) {
          out[at++] = '\\';
          out[at++] = escape;
        } else {
          at = unicodeEscape(c, out, at);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        out[at++] = (byte) (0xE0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int code = Character.toCodePoint(c, text.charAt(++i));
        out[at++] = (byte) (0xF0 | code >> 18);
        out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
        out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | code & 0x3F);
      } else {
        at = unicodeEscape(c, out, at);
      }
    }
    out[at++] = '"';
    length = at;
  }

  private static int unicodeEscape(char c, byte[] out, int at) {
    out[at++] = '\\';
    out[at++] = 'u';
    out[at++] = HEX[c >> 12];
    out[at++] = HEX[c >> 8 & 0xF];
    out[at++] = HEX[c >> 4 & 0xF];
    out[at++] = HEX[c & 0xF];
    return at;
  }

  /**
   * Appends {@code v} as the shortest decimal that reads back as it ({@link DoubleText}); NaN and
   * the infinities, which JSON has no number for, as the strings {@code "NaN"}, {@code "Infinity"}
   * and {@code "-Infinity"}, as Jackson writes them.
   */
  void number(double v) {
    if (Double.isFinite(v)) {
      ensure(DoubleText.MAX_BYTES);
      length = DoubleText.write(v, bytes, length);
    } else {
      string(Double.toString(v));
    }
  }

  /** Appends {@code v} in decimal. */
  void number(long v) {
    if (v == Long.MIN_VALUE) {
      // its magnitude is not a long
      raw(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ensure(20);
    if (v < 0) {
      bytes[length++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && v >= bound; bound *= 10) {
      digits++;
    }
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    length = end;
  }

  /**
   * The array holding the answer in its first {@link #length} bytes; valid until the next write.
   */
  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  private static byte[] escapes() {
    byte[] escapes = new byte[0x80];
    for (int c = 0; c < 0x20; c++) {
      escapes[c] = -1;
    }
    escapes['"'] = '"';
    escapes['\\'] = '\\';
    escapes['\b'] = 'b';
    escapes['\t'] = 't';
    escapes['\n'] = 'n';
    escapes['\f'] = 'f';
    escapes['\r'] = 'r';
    return escapes;
  }
}
