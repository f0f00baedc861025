package dev.featurewatch.store.online;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The byte layouts of the online store: one value per (view, entity key) and the keys, shared by
 * every implementation. The value layout is a contract (rows outlive releases): it starts with a
 * format version, and a golden file of each version is decoded in the tests.
 *
 * <h2>Value, format version 1</h2>
 *
 * <pre>
 * offset  size    field
 * 0       1       format version = 1
 * 1       8       event time, microseconds since the epoch, int64 big-endian
 * 9       8       created time, microseconds since the epoch, int64 big-endian
 * 17      varint  feature count n
 * then n times:   1-byte type tag, then the payload
 *   0 null        (nothing)
 *   1 int64       zigzag varint
 *   2 double      8 bytes, IEEE 754 bits big-endian (NaN payloads and -0.0 kept)
 *   3 string      varint byte length, UTF-8 bytes
 *   4 bool        1 byte, 0 or 1
 *   5 timestamp   zigzag varint of microseconds since the epoch
 *   6 list&lt;double&gt; varint element count, then 8 bytes per element as for double
 * </pre>
 *
 * Varints are unsigned LEB128 (7 bits a byte, low first); zigzag maps 0, -1, 1, -2 to 0, 1, 2, 3.
 * The two times are fixed-width at fixed offsets so that a store can order two values by comparing
 * bytes 1 to 16 without decoding (the Redis Lua script does, flipping each sign bit). Instants are
 * truncated to microseconds, as Feast and Arrow keep them.
 *
 * <p>Values are encoded in the view's feature order; decoding checks the count and each tag against
 * the view and names the view, the feature and what was found when they disagree (the view's schema
 * changed since the row was written: rematerialize it).
 *
 * <h2>Keys</h2>
 *
 * An entity key is {@code varint n}, then per join key in ascending name order {@code varint name
 * length, UTF-8 name, tag, value} with tag 1 = int64 (8 bytes big-endian, sign bit flipped so that
 * bytes sort as numbers) and tag 3 = string (varint length, UTF-8). A view-qualified key is {@code
 * varint view name length, UTF-8 view name} followed by the entity key. Both are deterministic and
 * unambiguous (every part is length-prefixed).
 */
@Internal
public final class RowCodec {

  /** The format version written by {@link #encode}. */
  public static final int FORMAT_VERSION = 1;

  /** Bytes 1 to 16 hold the event and created times; a value is at least this long. */
  public static final int HEADER_LENGTH = 17;

  static final int TAG_NULL = 0;
  static final int TAG_INT64 = 1;
  static final int TAG_DOUBLE = 2;
  static final int TAG_STRING = 3;
  static final int TAG_BOOL = 4;
  static final int TAG_TIMESTAMP = 5;
  static final int TAG_DOUBLE_LIST = 6;

  private RowCodec() {}

  // ---------------------------------------------------------------------------------------------
  // Values
  // ---------------------------------------------------------------------------------------------

  /**
   * The stored form of {@code row}.
   *
   * @throws IllegalArgumentException the row is of another view, its value count differs from the
   *     view's features, a value has the wrong Java type, a list holds a null, a string is not
   *     valid UTF-16 (an unpaired surrogate), or an instant is out of the int64-microsecond range
   */
  public static byte[] encode(FeatureView view, FeatureRow row) {
    if (!row.view().equals(view.name())) {
      throw new IllegalArgumentException(
          "a row of view '" + row.view() + "' cannot be encoded as view '" + view.name() + "'");
    }
    List<Field> features = view.features();
    List<Object> values = row.values();
    if (values.size() != features.size()) {
      throw new IllegalArgumentException(
          "view '"
              + view.name()
              + "' has "
              + features.size()
              + " features, the row for "
              + row.key()
              + " has "
              + values.size()
              + " values");
    }
    Out out = new Out(HEADER_LENGTH + 1 + 10 * features.size());
    out.writeByte(FORMAT_VERSION);
    out.writeLong(toMicros(row.eventTime(), "eventTime"));
    out.writeLong(toMicros(row.createdTime(), "createdTime"));
    out.writeVarint(features.size());
    for (int i = 0; i < features.size(); i++) {
      writeValue(out, view, features.get(i), values.get(i));
    }
    return out.toByteArray();
  }

  /**
   * The row stored in {@code bytes} for {@code key} of {@code view}.
   *
   * @throws IllegalArgumentException an unknown format version, a truncated or overlong value, or
   *     values that do not match the view's features
   */
  public static FeatureRow decode(FeatureView view, EntityKey key, byte[] bytes) {
    Object[] values = decodeValues(view, bytes);
    return new FeatureRow(
        view.name(),
        key,
        Times.instant(readLong(bytes, 1)),
        Times.instant(readLong(bytes, 9)),
        Arrays.asList(values));
  }

  /**
   * The feature values stored in {@code bytes}, in the view's order, checked as {@link #decode}
   * checks them; the times are at fixed offsets ({@link #eventTimeMicros}). What serving reads: no
   * row object.
   */
  static Object[] decodeValues(FeatureView view, byte[] bytes) {
    In in = new In(bytes, view);
    checkVersion(bytes, view);
    in.pos = 1;
    in.need(HEADER_LENGTH - 1);
    in.pos = HEADER_LENGTH;
    long count = in.readVarint();
    List<Field> features = view.features();
    if (count != features.size()) {
      throw new IllegalArgumentException(
          "online value of view '"
              + view.name()
              + "' holds "
              + count
              + " features but the view declares "
              + features.size()
              + ": the view's schema changed since the row was written, rematerialize it");
    }
    Object[] values = new Object[features.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = readValue(in, view, features.get(i));
    }
    if (in.pos != bytes.length) {
      throw new IllegalArgumentException(
          "online value of view '"
              + view.name()
              + "' has "
              + (bytes.length - in.pos)
              + " bytes after its last feature");
    }
    return values;
  }

  /**
   * Orders two encoded values by (event time, created time) without decoding them: positive when
   * {@code a} is newer, zero when both times are equal.
   *
   * @throws IllegalArgumentException either is not a value of format version 1
   */
  public static int compareVersions(byte[] a, byte[] b) {
    eventTimeMicros(a);
    eventTimeMicros(b);
    int byEvent = Long.compare(readLong(a, 1), readLong(b, 1));
    return byEvent != 0 ? byEvent : Long.compare(readLong(a, 9), readLong(b, 9));
  }

  /** The event time of an encoded value, in microseconds since the epoch, without decoding it. */
  public static long eventTimeMicros(byte[] value) {
    if (value.length < HEADER_LENGTH || (value[0] & 0xFF) != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "not an online value of format version "
              + FORMAT_VERSION
              + ": "
              + value.length
              + " bytes starting with "
              + (value.length == 0 ? "nothing" : Integer.toString(value[0] & 0xFF)));
    }
    return readLong(value, 1);
  }

  /**
   * Microseconds since the epoch, truncated toward the past.
   *
   * @throws IllegalArgumentException out of the int64 range (about 292,000 years around 1970)
   */
  public static long toMicros(Instant instant, String what) {
    try {
      return Times.micros(instant);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " must fit in int64 microseconds since the epoch: " + instant, e);
    }
  }

  private static void writeValue(Out out, FeatureView view, Field feature, Object value) {
    if (value == null) {
      out.writeByte(TAG_NULL);
      return;
    }
    if (!feature.type().accepts(value)) {
      throw new IllegalArgumentException(
          "feature '"
              + view.name()
              + ":"
              + feature.name()
              + "' is "
              + feature.type().id()
              + " and needs a "
              + feature.type().javaType().getSimpleName()
              + ", found "
              + value.getClass().getSimpleName()
              + " "
              + value);
    }
    switch (feature.type()) {
      case INT64 -> {
        out.writeByte(TAG_INT64);
        out.writeVarint(zigzag((Long) value));
      }
      case DOUBLE -> {
        out.writeByte(TAG_DOUBLE);
        out.writeLong(Double.doubleToRawLongBits((Double) value));
      }
      case STRING -> {
        out.writeByte(TAG_STRING);
        out.writeString((String) value, feature.name());
      }
      case BOOL -> {
        out.writeByte(TAG_BOOL);
        out.writeByte((Boolean) value ? 1 : 0);
      }
      case TIMESTAMP -> {
        out.writeByte(TAG_TIMESTAMP);
        out.writeVarint(zigzag(toMicros((Instant) value, feature.name())));
      }
      case DOUBLE_LIST -> {
        List<?> list = (List<?>) value;
        out.writeByte(TAG_DOUBLE_LIST);
        out.writeVarint(list.size());
        for (int j = 0; j < list.size(); j++) {
          if (!(list.get(j) instanceof Double d)) {
            throw new IllegalArgumentException(
                "feature '"
                    + view.name()
                    + ":"
                    + feature.name()
                    + "' is list<double>: element "
                    + j
                    + " must be a non-null Double, found "
                    + list.get(j));
          }
          out.writeLong(Double.doubleToRawLongBits(d));
        }
      }
    }
  }

  private static Object readValue(In in, FeatureView view, Field feature) {
    int tag = in.readByte();
    if (tag == TAG_NULL) {
      return null;
    }
    int expected = tagOf(feature.type());
    if (tag != expected) {
      throw new IllegalArgumentException(
          "online value of view '"
              + view.name()
              + "': feature '"
              + feature.name()
              + "' is declared "
              + feature.type().id()
              + " (tag "
              + expected
              + ") but stored with tag "
              + tag
              + ": the view's schema changed since the row was written, rematerialize it");
    }
    return switch (feature.type()) {
      case INT64 -> unzigzag(in.readVarint());
      case DOUBLE -> Double.longBitsToDouble(in.readLong());
      case STRING -> in.readString();
      case BOOL -> {
        int b = in.readByte();
        if (b > 1) {
          throw new IllegalArgumentException(
              "online value of view '"
                  + view.name()
                  + "': bool feature '"
                  + feature.name()
                  + "' must be stored as 0 or 1, found "
                  + b);
        }
        yield b == 1;
      }
      case TIMESTAMP -> Times.instant(unzigzag(in.readVarint()));
      case DOUBLE_LIST -> {
        int n = in.readLength();
        Double[] list = new Double[n];
        for (int j = 0; j < n; j++) {
          list[j] = Double.longBitsToDouble(in.readLong());
        }
        yield Collections.unmodifiableList(Arrays.asList(list));
      }
    };
  }

  static int tagOf(ValueType type) {
    return switch (type) {
      case INT64 -> TAG_INT64;
      case DOUBLE -> TAG_DOUBLE;
      case STRING -> TAG_STRING;
      case BOOL -> TAG_BOOL;
      case TIMESTAMP -> TAG_TIMESTAMP;
      case DOUBLE_LIST -> TAG_DOUBLE_LIST;
    };
  }

  private static void checkVersion(byte[] bytes, FeatureView view) {
    if (bytes.length == 0 || (bytes[0] & 0xFF) != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "online value of view '"
              + view.name()
              + "' has format version "
              + (bytes.length == 0 ? "(empty value)" : Integer.toString(bytes[0] & 0xFF))
              + ", this release reads version "
              + FORMAT_VERSION);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keys
  // ---------------------------------------------------------------------------------------------

  /** The entity key's bytes, without the view (a RocksDB column family already is the view). */
  public static byte[] encodeEntityKey(EntityKey key) {
    Out out = new Out(32);
    writeEntityKey(out, key);
    return out.toByteArray();
  }

  /** The view name followed by the entity key's bytes. */
  public static byte[] encodeKey(String viewName, EntityKey key) {
    Out out = new Out(32 + viewName.length());
    out.writeString(viewName, "view name");
    writeEntityKey(out, key);
    return out.toByteArray();
  }

  /** The bytes every {@link #encodeKey} of {@code viewName} starts with, and no other view's. */
  public static byte[] encodeViewPrefix(String viewName) {
    Out out = new Out(8 + viewName.length());
    out.writeString(viewName, "view name");
    return out.toByteArray();
  }

  private static void writeEntityKey(Out out, EntityKey key) {
    out.writeVarint(key.names().size());
    for (int i = 0; i < key.names().size(); i++) {
      out.writeString(key.names().get(i), "join key name");
      Object value = key.values().get(i);
      if (value instanceof Long l) {
        out.writeByte(TAG_INT64);
        out.writeLong(l ^ Long.MIN_VALUE);
      } else {
        out.writeByte(TAG_STRING);
        out.writeString((String) value, key.names().get(i));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Primitives
  // ---------------------------------------------------------------------------------------------

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static long readLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFFL);
    }
    return v;
  }

  /** A growable byte buffer; one per encoded value. */
  private static final class Out {
    private byte[] buf;
    private int len;

    Out(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    void writeByte(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    void writeLong(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (v >>> shift);
      }
    }

    void writeVarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void writeString(String s, String what) {
      checkWellFormed(s, what);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVarint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, len, utf8.length);
      len += utf8.length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** Java strings may hold unpaired surrogates, which UTF-8 cannot carry: refuse, never mangle. */
  private static void checkWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " must be valid Unicode text: unpaired surrogate at index " + i);
      }
    }
  }

  /** A reading position in one value; errors name the view. */
  private static final class In {
    private final byte[] buf;
    private final FeatureView view;
    int pos;

    In(byte[] buf, FeatureView view) {
      this.buf = buf;
      this.view = view;
    }

    private void need(int n) {
      if (n < 0 || pos + n > buf.length) {
        throw new IllegalArgumentException(
            "online value of view '"
                + view.name()
                + "' is truncated: needs "
                + n
                + " bytes at offset "
                + pos
                + " of "
                + buf.length);
      }
    }

    int readByte() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    long readLong() {
      need(8);
      long v = RowCodec.readLong(buf, pos);
      pos += 8;
      return v;
    }

    long readVarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "online value of view '" + view.name() + "' has a varint longer than 10 bytes");
    }

    /** A length that must fit in what is left of the value. */
    int readLength() {
      long n = readVarint();
      if (n < 0 || n > buf.length - pos) {
        throw new IllegalArgumentException(
            "online value of view '"
                + view.name()
                + "' is truncated: a length of "
                + n
                + " at offset "
                + pos
                + " of "
                + buf.length);
      }
      return (int) n;
    }

    String readString() {
      int n = readLength();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
