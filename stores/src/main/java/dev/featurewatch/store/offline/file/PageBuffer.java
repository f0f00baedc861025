package dev.featurewatch.store.offline.file;

import java.nio.ByteBuffer;

/**
 * One column's decompressed page, in a buffer reused from page to page and row group to row group,
 * for a reader that is done with a page before it asks for the next ({@link FlatColumn}): a new
 * array per page, and another for a mapped page's compressed bytes, made the collector stop the
 * reading threads (pages of a megabyte are humongous objects for G1). Off the heap, so that a
 * mapped page decompresses straight into it; freed by the collector, as any direct buffer.
 */
final class PageBuffer {

  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /** A buffer of {@code size} bytes, which the next call may overwrite. */
  ByteBuffer take(int size) {
    if (buffer.capacity() < size) {
      buffer = ByteBuffer.allocateDirect(size + size / 8);
    }
    return buffer.slice(0, size);
  }
}
