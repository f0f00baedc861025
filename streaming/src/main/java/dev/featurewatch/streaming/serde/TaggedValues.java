package dev.featurewatch.streaming.serde;

import dev.featurewatch.annotation.Internal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Feature values between operators and in state: one tag byte, then the value. Covers every {@link
 * dev.featurewatch.store.definition.ValueType}: null, {@link Long}, {@link Double}, {@link String},
 * {@link Boolean}, {@link Instant} and a {@link List} of {@link Double}.
 */
@Internal
public final class TaggedValues {

  private static final int NULL = 0;
  private static final int LONG = 1;
  private static final int DOUBLE = 2;
  private static final int STRING = 3;
  private static final int BOOLEAN = 4;
  private static final int INSTANT = 5;
  private static final int DOUBLE_LIST = 6;

  public static void write(DataOutput out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (value instanceof Instant t) {
      out.writeByte(INSTANT);
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    } else if (value instanceof List<?> list) {
      out.writeByte(DOUBLE_LIST);
      out.writeInt(list.size());
      for (Object x : list) {
        out.writeDouble((Double) x);
      }
    } else {
      throw new IllegalArgumentException(
          "not a feature value: " + value.getClass().getName() + " " + value);
    }
  }

  public static Object read(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case NULL -> null;
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> readString(in);
      case BOOLEAN -> in.readBoolean();
      case INSTANT -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case DOUBLE_LIST -> {
        int n = in.readInt();
        List<Double> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(in.readDouble());
        }
        yield Collections.unmodifiableList(list);
      }
      default -> throw new IOException("unknown value tag " + tag + ": corrupt or foreign data");
    };
  }

  /** A list of values: its size, then each. */
  public static void writeAll(DataOutput out, List<Object> values) throws IOException {
    out.writeInt(values.size());
    for (Object value : values) {
      write(out, value);
    }
  }

  /** A list {@link #writeAll} wrote; nulls included, so not unmodifiable. */
  public static List<Object> readAll(DataInput in) throws IOException {
    int n = in.readInt();
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(read(in));
    }
    return values;
  }

  /** UTF-8 with an int length: {@code writeUTF} stops at 64 KiB. */
  public static void writeString(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private TaggedValues() {}
}
