package dev.featurewatch.store.offline.arrow;

import dev.featurewatch.annotation.Internal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Arrow vectors' buffers copied whole into Java arrays, for loops over many rows: a vector's {@code
 * get} checks the index and the value's validity bit on every call, which cost the join and
 * materialize more than the copy.
 */
@Internal
public final class VectorArrays {

  private VectorArrays() {}

  /**
   * Copies the first {@code rows} values of a vector of 64-bit values (int64, double bits,
   * timestamps) into {@code into} from {@code at}; a null row's value is what the buffer holds.
   *
   * @throws IllegalStateException the vector's values are not 64 bits wide
   */
  public static void longs(FieldVector vector, int rows, long[] into, int at) {
    if (!(vector instanceof BaseFixedWidthVector fixed) || fixed.getTypeWidth() != Long.BYTES) {
      throw new IllegalStateException(
          vector.getName() + ": not 64-bit values: " + vector.getField());
    }
    vector
        .getDataBuffer()
        .nioBuffer(0, Math.multiplyExact(rows, Long.BYTES))
        .order(ByteOrder.LITTLE_ENDIAN)
        .asLongBuffer()
        .get(into, at, rows);
  }

  /**
   * The first {@code bits} bits of a bitmap (a validity buffer, or a bool vector's data) as 64-bit
   * words, bit {@code i} of word {@code w} being row {@code 64 w + i}: in {@code into} if it is
   * long enough, else in a new array.
   */
  public static long[] bitmap(ArrowBuf buffer, int bits, long[] into) {
    int words = (bits + 63) / 64;
    long[] bitmap = into == null || into.length < words ? new long[words] : into;
    int bytes = (bits + 7) / 8;
    ByteBuffer in = buffer.nioBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    int full = bytes / Long.BYTES;
    in.asLongBuffer().get(bitmap, 0, full);
    if (full < words) {
      long word = 0;
      for (int b = full * Long.BYTES; b < bytes; b++) {
        word |= (in.get(b) & 0xFFL) << (8 * (b - full * Long.BYTES));
      }
      bitmap[full] = word;
    }
    return bitmap;
  }
}
