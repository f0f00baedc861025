package dev.featurewatch.store.offline.parquet;

import dev.featurewatch.annotation.Internal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reading a local Parquet file column by column without Hadoop, as the file sources ({@code
 * offline.file.ParquetBatches}) and the app's dataset reader both do: opening the file, a row
 * group's column readers, and which physical types and annotations hold numbers and text.
 *
 * <pre>{@code
 * try (ParquetFileReader reader = ParquetColumns.open(file)) {
 *   MessageType schema = reader.getFooter().getFileMetaData().getSchema();
 *   PageReadStore pages = reader.readNextRowGroup();
 *   String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
 *   ColumnReader x = ParquetColumns.readers(pages, schema, createdBy).getColumnReader(descriptor);
 *   double first = ParquetColumns.numbers(primitive).readDouble(x);
 * }
 * }</pre>
 */
@Internal
public final class ParquetColumns {

  private ParquetColumns() {}

  /**
   * Opens {@code file} with parquet-java's plain configuration and {@link ParquetCodecs}: no Hadoop
   * {@code Configuration} is made, which cannot be at run time here.
   *
   * @throws IOException the file cannot be read or is not Parquet (no footer, bad magic)
   */
  public static ParquetFileReader open(Path file) throws IOException {
    return ParquetFileReader.open(
        new LocalInputFile(file),
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .build());
  }

  /**
   * The column readers of one row group. Each {@link ColumnReader} stands on the group's first
   * value; {@code createdBy} (the footer's) lets parquet-java correct statistics of old writers.
   */
  public static ColumnReadStoreImpl readers(
      PageReadStore pages, MessageType schema, String createdBy) {
    return new ColumnReadStoreImpl(
        pages, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
  }

  /**
   * How a column's numbers are read, or null if it does not hold plain numbers: a 32- or 64-bit
   * integer with an integer annotation or none, a float or a double. Decimals, timestamps, dates
   * and times are not plain numbers.
   */
  public static Numbers numbers(PrimitiveType column) {
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    boolean unsigned =
        logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
    return switch (column.getPrimitiveTypeName()) {
      case INT32 -> unsigned ? Numbers.UINT32 : plainInteger(logical) ? Numbers.INT32 : null;
      case INT64 -> unsigned ? Numbers.UINT64 : plainInteger(logical) ? Numbers.INT64 : null;
      case FLOAT -> Numbers.FLOAT;
      case DOUBLE -> Numbers.DOUBLE;
      default -> null;
    };
  }

  /** True for no annotation or a signed integer one (INT(8..64, true)): plain integers. */
  public static boolean plainInteger(LogicalTypeAnnotation logical) {
    return logical == null
        || (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned());
  }

  /**
   * True for text: a BINARY column annotated STRING or ENUM, or not annotated (how older writers
   * such as Hive and Impala store strings). JSON, BSON and decimals are not text.
   */
  public static boolean isText(PrimitiveType column) {
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    return column.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && (logical == null
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation);
  }

  /**
   * A column's type for a message: {@code int64 (TIMESTAMP(MICROS,true))}, {@code repeated double},
   * {@code group (LIST)}.
   */
  public static String describe(Type column) {
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    String type =
        column.isPrimitive()
            ? column.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT)
            : "group";
    return (column.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "")
        + type
        + (logical == null ? "" : " (" + logical + ")");
  }

  /** The physical types of plain numbers, each read as a long or a double. */
  public enum Numbers {
    INT32,
    INT64,
    /** INT32 annotated INT(8|16|32, false): read unsigned. */
    UINT32,
    /** INT64 annotated INT(64, false): read unsigned; a long holds only those below 2^63. */
    UINT64,
    FLOAT,
    DOUBLE;

    /** True for integers that a long holds exactly, whatever the value. */
    public boolean fitsLong() {
      return this == INT32 || this == INT64 || this == UINT32;
    }

    /** The current value, of an integer column ({@link #fitsLong}). */
    public long readLong(ColumnReader reader) {
      return switch (this) {
        case INT32 -> reader.getInteger();
        case UINT32 -> Integer.toUnsignedLong(reader.getInteger());
        default -> reader.getLong();
      };
    }

    /** The current value as a double (large integers rounded to the nearest). */
    public double readDouble(ColumnReader reader) {
      return switch (this) {
        case DOUBLE -> reader.getDouble();
        case FLOAT -> reader.getFloat();
        case UINT64 -> unsignedToDouble(reader.getLong());
        default -> readLong(reader);
      };
    }

    private static double unsignedToDouble(long bits) {
      // halve, convert, double: the lowest bit only matters beyond a double's 53-bit precision
      return bits >= 0 ? bits : ((bits >>> 1) | (bits & 1)) * 2.0;
    }
  }
}
