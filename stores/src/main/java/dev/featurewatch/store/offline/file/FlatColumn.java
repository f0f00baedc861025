package dev.featurewatch.store.offline.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One row group's values of a flat (top-level, not repeated) INT32, INT64, FLOAT or DOUBLE column,
 * decoded a page at a time: plain values are copied in bulk, dictionary ids and definition levels
 * decoded a run at a time ({@link RleHybrid}); other encodings (delta, byte stream split) go
 * through parquet-java's value readers. Reading 5M rows of six such columns this way took a tenth
 * of parquet-java's column readers' time, which decode each value behind several virtual calls.
 *
 * <p>Values are raw bits in a {@code long}: an INT32 or FLOAT column's 32 bits sign-extended, an
 * INT64 or DOUBLE column's 64. Holds one decoded page (16 bytes per row of it).
 */
final class FlatColumn {

  private final ColumnDescriptor descriptor;
  private final PageReader pages;
  private final PrimitiveTypeName physical;
  private final int maxDefinition;
  private final long[] dictionary;
  // the current page: raw values (0 where null), which are null, how many, how many read
  private long[] values = new long[0];
  private boolean[] nulls = new boolean[0];
  private int[] scratch = new int[0];
  private int count;
  private int position;

  FlatColumn(ColumnDescriptor descriptor, PageReader pages) throws IOException {
    this.descriptor = descriptor;
    this.pages = pages;
    this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    if (descriptor.getMaxRepetitionLevel() != 0 || !readable(physical)) {
      throw new IllegalArgumentException("not a flat numeric column: " + descriptor);
    }
    DictionaryPage page = pages.readDictionaryPage();
    this.dictionary =
        page == null ? null : decode(page.getEncoding().initDictionary(descriptor, page));
  }

  /** Whether a flat column of this physical type can be read here. */
  static boolean readable(PrimitiveTypeName physical) {
    return switch (physical) {
      case INT32, INT64, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  /** Puts the next {@code n} values' raw bits into {@code raw} and whether each is null. */
  void read(int n, long[] raw, boolean[] isNull) throws IOException {
    int done = 0;
    while (done < n) {
      if (position == count) {
        nextPage();
      }
      int take = Math.min(n - done, count - position);
      System.arraycopy(values, position, raw, done, take);
      System.arraycopy(nulls, position, isNull, done, take);
      position += take;
      done += take;
    }
  }

  private void nextPage() throws IOException {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new ParquetDecodingException(descriptor + ": the column chunk ends before its rows");
    }
    count = page.getValueCount();
    position = 0;
    if (values.length < count) {
      values = new long[count];
      nulls = new boolean[count];
      scratch = new int[count];
    }
    int defined;
    ByteBuffer data;
    Encoding encoding;
    if (page instanceof DataPageV1 v1) {
      ByteBuffer bytes = buffer(v1.getBytes());
      defined = levels(v1.getDlEncoding(), bytes);
      data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
      encoding = v1.getValueEncoding();
    } else {
      DataPageV2 v2 = (DataPageV2) page;
      defined = count;
      java.util.Arrays.fill(nulls, 0, count, false);
      if (maxDefinition > 0) {
        ByteBuffer levels = buffer(v2.getDefinitionLevels());
        defined = fromLevels(levels);
      }
      data = buffer(v2.getData());
      encoding = v2.getDataEncoding();
    }
    // the non-null values are stored densely: decode them to the front, then spread them out
    decodeValues(encoding, data, defined);
    if (defined < count) {
      for (int i = count - 1, v = defined - 1; i >= 0; i--) {
        values[i] = nulls[i] ? 0 : values[v--];
      }
    }
  }

  /** Reads a v1 page's definition levels from {@code bytes} into nulls; returns the non-nulls. */
  private int levels(Encoding encoding, ByteBuffer bytes) throws IOException {
    java.util.Arrays.fill(nulls, 0, count, false);
    if (maxDefinition == 0) {
      return count; // a required column's pages hold no levels
    }
    if (encoding == Encoding.RLE) {
      int length = bytes.getInt();
      ByteBuffer levels = bytes.slice().limit(length);
      bytes.position(bytes.position() + length);
      return fromLevels(levels);
    }
    ValuesReader reader = encoding.getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
    ByteBufferInputStream in = ByteBufferInputStream.wrap(bytes.slice());
    reader.initFromPage(count, in);
    int defined = 0;
    for (int i = 0; i < count; i++) {
      boolean isNull = reader.readInteger() < maxDefinition;
      nulls[i] = isNull;
      defined += isNull ? 0 : 1;
    }
    bytes.position(bytes.position() + (int) in.position());
    return defined;
  }

  private int fromLevels(ByteBuffer levels) {
    RleHybrid.decode(levels, BytesUtils.getWidthFromMaxInt(maxDefinition), scratch, count);
    int defined = 0;
    for (int i = 0; i < count; i++) {
      boolean isNull = scratch[i] < maxDefinition;
      nulls[i] = isNull;
      defined += isNull ? 0 : 1;
    }
    return defined;
  }

  private void decodeValues(Encoding encoding, ByteBuffer data, int defined) throws IOException {
    if (defined == 0) {
      return; // a page of nulls may hold no values, not even a dictionary page's bit width
    }
    if (encoding == Encoding.PLAIN) {
      int width =
          physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.DOUBLE ? 8 : 4;
      if ((long) defined * width > data.remaining()) {
        throw new ParquetDecodingException(
            descriptor + ": a page of " + defined + " values holds " + data.remaining() + " bytes");
      }
      if (physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.DOUBLE) {
        data.asLongBuffer().get(values, 0, defined);
      } else {
        for (int i = 0; i < defined; i++) {
          values[i] = data.getInt(4 * i);
        }
      }
    } else if (encoding.usesDictionary()) {
      if (dictionary == null) {
        throw new ParquetDecodingException(
            descriptor + ": a dictionary-encoded page in a column chunk without a dictionary");
      }
      int bitWidth = data.get() & 0xFF;
      RleHybrid.decode(data, bitWidth, scratch, defined);
      for (int i = 0; i < defined; i++) {
        int id = scratch[i];
        if (id >= dictionary.length) { // bit widths up to 32: never negative
          throw new ParquetDecodingException(
              descriptor + ": dictionary id " + id + " of a dictionary of " + dictionary.length);
        }
        values[i] = dictionary[id];
      }
    } else {
      ValuesReader reader = encoding.getValuesReader(descriptor, ValuesType.VALUES);
      reader.initFromPage(defined, ByteBufferInputStream.wrap(data));
      for (int i = 0; i < defined; i++) {
        values[i] =
            switch (physical) {
              case INT64 -> reader.readLong();
              case DOUBLE -> Double.doubleToRawLongBits(reader.readDouble());
              case FLOAT -> Float.floatToRawIntBits(reader.readFloat());
              default -> reader.readInteger();
            };
      }
    }
  }

  /** The bytes as a little-endian buffer, without a copy where they are one array already. */
  private static ByteBuffer buffer(BytesInput bytes) throws IOException {
    return bytes
        .toInputStream()
        .slice(Math.toIntExact(bytes.size()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private long[] decode(Dictionary dictionary) {
    long[] raw = new long[dictionary.getMaxId() + 1];
    for (int id = 0; id < raw.length; id++) {
      raw[id] =
          switch (physical) {
            case INT64 -> dictionary.decodeToLong(id);
            case DOUBLE -> Double.doubleToRawLongBits(dictionary.decodeToDouble(id));
            case FLOAT -> Float.floatToRawIntBits(dictionary.decodeToFloat(id));
            default -> dictionary.decodeToInt(id);
          };
    }
    return raw;
  }
}
