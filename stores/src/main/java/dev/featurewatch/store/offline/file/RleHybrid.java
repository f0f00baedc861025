package dev.featurewatch.store.offline.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding, decoded a run at a time: the definition levels of a
 * page and the ids of a dictionary-encoded page. parquet-java decodes it value by value behind a
 * virtual call, which was the first frame of a Parquet file source's reading.
 *
 * <p>The runs, after a ULEB128 header each: {@code header >>> 1} copies of one value in {@code
 * ceil(bitWidth / 8)} little-endian bytes (header even), or {@code header >>> 1} groups of eight
 * values of {@code bitWidth} bits, packed from the least significant bit (header odd). The last
 * group of a page may be padded beyond its values.
 */
final class RleHybrid {

  private RleHybrid() {}

  /**
   * Decodes {@code count} values of {@code bitWidth} ({@code 0..32}) bits from {@code in}, from its
   * position, into {@code out[0..count)}; leaves {@code in} after the last run read.
   *
   * @throws ParquetDecodingException the runs end before {@code count} values
   */
  static void decode(ByteBuffer in, int bitWidth, int[] out, int count) {
    int done = 0;
    int valueBytes = (bitWidth + 7) / 8;
    ByteBuffer littleEndian =
        in.order() == ByteOrder.LITTLE_ENDIAN ? in : in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    while (done < count) {
      if (!in.hasRemaining()) {
        throw new ParquetDecodingException(
            "RLE/bit-packed values end after " + done + " of " + count + " values");
      }
      int header = readUnsignedVarInt(in);
      if ((header & 1) == 0) {
        int run = Math.min(header >>> 1, count - done);
        int value = 0;
        for (int b = 0; b < valueBytes; b++) {
          value |= (in.get() & 0xFF) << (8 * b);
        }
        java.util.Arrays.fill(out, done, done + run, value);
        done += run;
      } else {
        int groups = header >>> 1;
        int bytes = groups * bitWidth;
        int values = Math.min(groups * 8, count - done);
        int at = in.position();
        if (bytes > in.remaining()) {
          // a writer may stop a page's last group short of its padding; the values must be there
          if ((long) values * bitWidth > 8L * in.remaining()) {
            throw new ParquetDecodingException(
                "a bit-packed run of "
                    + values
                    + " values ends after "
                    + in.remaining()
                    + " bytes");
          }
          bytes = in.remaining();
        }
        unpack(littleEndian, at, bitWidth, out, done, values);
        in.position(in.position() + bytes);
        done += values;
      }
    }
  }

  /**
   * Unpacks {@code values} values of {@code bitWidth} bits packed from byte {@code at} of {@code
   * in} into {@code out[done..)}: each from one unaligned 8-byte read at its first byte (a value of
   * up to 32 bits starting at any of a byte's 8 bits ends within those 8 bytes), or, within 8 bytes
   * of the buffer's end, from the bytes there are.
   */
  private static void unpack(ByteBuffer in, int at, int bitWidth, int[] out, int done, int values) {
    if (bitWidth == 0) {
      java.util.Arrays.fill(out, done, done + values, 0);
      return;
    }
    long mask = (1L << bitWidth) - 1;
    int limit = in.limit();
    int v = 0;
    for (; v < values; v++) {
      long bit = (long) v * bitWidth;
      int first = at + (int) (bit >>> 3);
      if (first > limit - Long.BYTES) {
        break;
      }
      out[done + v] = (int) ((in.getLong(first) >>> (bit & 7)) & mask);
    }
    for (; v < values; v++) {
      long bit = (long) v * bitWidth;
      int first = at + (int) (bit >>> 3);
      long word = 0;
      for (int b = 0; b < Long.BYTES && first + b < limit; b++) {
        word |= (in.get(first + b) & 0xFFL) << (8 * b);
      }
      out[done + v] = (int) ((word >>> (bit & 7)) & mask);
    }
  }

  private static int readUnsignedVarInt(ByteBuffer in) {
    int value = 0;
    int shift = 0;
    int b;
    do {
      b = in.get() & 0xFF;
      value |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0 && shift < 35);
    return value;
  }
}
