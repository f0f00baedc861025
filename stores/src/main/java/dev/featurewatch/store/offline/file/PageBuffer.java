package dev.featurewatch.store.offline.file;

import java.nio.ByteBuffer;

/**
 * One column's decompressed page, in a buffer reused from page to page and row group to row group,
 * for a reader that is done with a page before it asks for the next ({@link FlatColumn}): a new
 * array per page, and another for a mapped page's compressed bytes, made the collector stop the
 * reading threads (pages of a megabyte are humongous objects for G1). Off the heap, so that a
 * compressed page decompresses from one direct buffer into another.
 *
 * <p>The compressed bytes are first copied out of the file's mapping by Java code: if the file is
 * truncated while it is read, a read of the mapping past its new end fails in Java with an {@link
 * InternalError}, which the reader reports naming the file, where the same fault in the native
 * decompressor would crash the JVM.
 */
final class PageBuffer {

  private ByteBuffer compressed = ByteBuffer.allocateDirect(0);
  private ByteBuffer page = ByteBuffer.allocateDirect(0);

  /** The remaining bytes of {@code mapped}, copied; the next call may overwrite them. */
  ByteBuffer compressed(ByteBuffer mapped) {
    compressed = atLeast(compressed, mapped.remaining());
    ByteBuffer copy = compressed.slice(0, mapped.remaining());
    copy.put(mapped.slice()).flip();
    return copy;
  }

  /** A buffer of {@code size} bytes for a decompressed page; the next call may overwrite it. */
  ByteBuffer page(int size) {
    page = atLeast(page, size);
    return page.slice(0, size);
  }

  private static ByteBuffer atLeast(ByteBuffer buffer, int size) {
    return buffer.capacity() >= size ? buffer : ByteBuffer.allocateDirect(size + size / 8);
  }
}
