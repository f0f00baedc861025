package dev.featurewatch.drift.profile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes accumulators in a compact binary form and reads them back able to go on accumulating, for
 * a stream processor's state (a window's profiles in a checkpoint). Nothing is lost: bins, sketch,
 * moments, tracked values and categories, and the counts against a reference's values or
 * categories. Not a file format: it changes with this library, and a {@value #VERSION} byte leads
 * each accumulator so that another version is refused rather than misread.
 */
public final class AccumulatorCodec {

  /** The version written, and the only one read. */
  public static final int VERSION = 2;

  private static final byte NUMERIC = 'N';
  private static final byte CATEGORICAL = 'C';

  private AccumulatorCodec() {}

  public static void write(NumericAccumulator acc, DataOutput out) throws IOException {
    header(out, NUMERIC);
    acc.writeTo(out);
  }

  /**
   * @throws IOException also for bytes that are not a numeric accumulator of this version
   */
  public static NumericAccumulator readNumeric(DataInput in) throws IOException {
    expect(in, NUMERIC);
    return NumericAccumulator.readFrom(in);
  }

  public static void write(CategoricalAccumulator acc, DataOutput out) throws IOException {
    header(out, CATEGORICAL);
    acc.writeTo(out);
  }

  /**
   * @throws IOException also for bytes that are not a categorical accumulator of this version
   */
  public static CategoricalAccumulator readCategorical(DataInput in) throws IOException {
    expect(in, CATEGORICAL);
    return CategoricalAccumulator.readFrom(in);
  }

  /**
   * Text of any length (a category, a name): its UTF-8 bytes after their count. {@code writeUTF}
   * stops at 64 KiB, and a window must not become unsaveable for one long value.
   */
  static void writeString(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void header(DataOutput out, byte kind) throws IOException {
    out.writeByte(VERSION);
    out.writeByte(kind);
  }

  private static void expect(DataInput in, byte kind) throws IOException {
    int version = in.readByte();
    int found = in.readByte();
    if (version != VERSION || found != kind) {
      throw new IOException(
          "expected a "
              + (kind == NUMERIC ? "numeric" : "categorical")
              + " accumulator of codec version "
              + VERSION
              + ", found version "
              + version
              + " kind '"
              + (char) found
              + "'");
    }
  }
}
