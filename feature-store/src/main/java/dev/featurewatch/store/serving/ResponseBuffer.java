package dev.featurewatch.store.serving;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that an answer is written into and sent from without a final copy, reused
 * by its request thread for the next answer. A 100-entity answer of 50 features is about 280 KB:
 * allocating it (twice, with the copy) on every request is what made the server's young generation
 * fill several times a second at 500 requests a second. Not thread-safe.
 */
final class ResponseBuffer extends OutputStream {

  /** Larger buffers are not kept for the next request, so one huge answer does not pin memory. */
  static final int MAX_KEPT = 1 << 20;

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

  @Override
  public void write(int b) {
    if (length == bytes.length) {
      reserve(2 * bytes.length);
    }
    bytes[length++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int needed = length + len;
    if (needed > bytes.length) {
      reserve(Math.max(2 * bytes.length, needed));
    }
    System.arraycopy(b, off, bytes, length, len);
    length = needed;
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
}
