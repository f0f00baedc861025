package dev.featurewatch.app.input;

import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.store.offline.parquet.ParquetColumns;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file (pandas' {@code to_parquet}, pyarrow, DuckDB, Spark, {@code featurewatch
 * historical}) into a {@link Table}, column by column with parquet-java's column readers and no
 * Hadoop configuration ({@link ParquetColumns}).
 *
 * <p>The columns are read as {@link ArrowReader} reads the same data in Arrow IPC: integers (signed
 * or not, any width), floats, doubles and decimals are numeric; strings (BINARY annotated STRING or
 * ENUM, or not annotated) and booleans categorical, unless the column's type is fixed otherwise;
 * nulls are missing. Other types (timestamps, dates, times, JSON, nested groups and repeated
 * columns) are rejected with the column's name and type, as the Arrow reader rejects them. Every
 * column is read, in the file's order, except the ignored ones ({@link ColumnTypes#withIgnored}),
 * whose column chunks are not even read.
 */
final class ParquetReader {

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private ParquetReader() {}

  /** True if {@code head}, the file's first bytes, starts as a Parquet file does. */
  static boolean looksLikeParquet(byte[] head) {
    if (head.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** True for a file named as Parquet ({@code .parquet}, {@code .pq}), whatever it holds. */
  static boolean namedParquet(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".parquet") || name.endsWith(".pq");
  }

  static Table read(Path file, ColumnTypes types) {
    ParquetFileReader reader;
    try {
      if (Files.size(file) == 0) {
        throw new InputException(file + ": the file is empty (0 bytes), expected a Parquet file");
      }
      reader = ParquetColumns.open(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException input) {
        throw input;
      }
      throw new InputException(file + ": not a readable Parquet file: " + e.getMessage(), e);
    }
    try (reader) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> fields = schema.getFields();
      types.checkIgnoredPresent(file, fields.stream().map(Type::getName).toList());
      List<Type> read = fields.stream().filter(f -> !types.ignores(f.getName())).toList();
      if (read.size() < fields.size()) {
        // the ignored columns' chunks are then neither read from disk nor decoded
        schema = new MessageType(schema.getName(), read);
        reader.setRequestedSchema(schema);
      }
      Column[] columns = new Column[read.size()];
      long expectedRows = reader.getRecordCount();
      for (int c = 0; c < columns.length; c++) {
        Type field = read.get(c);
        Value value = valueOf(file, field);
        FeatureType type =
            types.isExplicit(field.getName())
                ? types.typeOf(field.getName(), List.of())
                : value.natural();
        ColumnCollector collector = ColumnCollector.of(field.getName(), type, expectedRows);
        if (types.keepsRows(field.getName())) {
          collector.keepRows();
        }
        columns[c] =
            new Column(
                schema.getColumnDescription(new String[] {field.getName()}), value, collector);
      }
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      long rows = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        ColumnReadStoreImpl store = ParquetColumns.readers(pages, schema, createdBy);
        long groupRows = pages.getRowCount();
        for (Column column : columns) {
          collect(store.getColumnReader(column.descriptor), groupRows, column);
        }
        rows += groupRows;
      }
      ColumnCollector[] collectors = new ColumnCollector[columns.length];
      for (int c = 0; c < columns.length; c++) {
        collectors[c] = columns[c].collector;
      }
      return ColumnCollector.table(file, rows, collectors);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException input) {
        throw input;
      }
      throw new InputException(file + ": cannot be read as Parquet: " + e.getMessage(), e);
    }
  }

  /** How a column's values are read, or an error naming it and its type if they cannot be. */
  private static Value valueOf(Path file, Type field) {
    if (field.isPrimitive() && !field.isRepetition(Type.Repetition.REPEATED)) {
      PrimitiveType column = field.asPrimitiveType();
      ParquetColumns.Numbers numbers = ParquetColumns.numbers(column);
      if (numbers != null) {
        return new Value(Kind.NUMBER, numbers, 0);
      }
      if (column.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
        return new Value(Kind.DECIMAL, null, decimal.getScale());
      }
      if (ParquetColumns.isText(column)) {
        return new Value(Kind.TEXT, null, 0);
      }
      if (column.getPrimitiveTypeName() == PrimitiveTypeName.BOOLEAN) {
        return new Value(Kind.BOOLEAN, null, 0);
      }
    }
    throw new InputException(
        file
            + ": column '"
            + field.getName()
            + "' has Parquet type "
            + ParquetColumns.describe(field)
            + ", expected an integer, floating-point, decimal, string or boolean column"
            + " (leave it out with --ignore "
            + field.getName()
            + ")");
  }

  private static void collect(ColumnReader reader, long rows, Column column) {
    int maxDef = column.descriptor.getMaxDefinitionLevel();
    ColumnCollector collector = column.collector;
    for (long i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() < maxDef) {
        collector.addNull();
      } else if (collector instanceof ColumnCollector.Numeric numeric) {
        numeric.add(column.value.number(reader));
      } else {
        ((ColumnCollector.Categorical) collector).add(column.value.text(reader));
      }
      reader.consume();
    }
  }

  private enum Kind {
    NUMBER,
    DECIMAL,
    TEXT,
    BOOLEAN
  }

  /**
   * How one column's values are read.
   *
   * @param numbers how plain numbers are read; null for other kinds
   * @param scale a decimal's scale
   */
  private record Value(Kind kind, ParquetColumns.Numbers numbers, int scale) {

    /** The type of the values unless the user or a baseline says otherwise. */
    FeatureType natural() {
      return kind == Kind.NUMBER || kind == Kind.DECIMAL
          ? FeatureType.NUMERIC
          : FeatureType.CATEGORICAL;
    }

    /** The current value as a number: text is not one, a boolean 0 or 1 (as in ArrowReader). */
    double number(ColumnReader reader) {
      return switch (kind) {
        case NUMBER -> numbers.readDouble(reader);
        case DECIMAL -> decimal(reader).doubleValue();
        case BOOLEAN -> reader.getBoolean() ? 1 : 0;
        case TEXT -> NumberParser.INVALID;
      };
    }

    /** The current value as a category: its text, as ArrowReader's would be. */
    String text(ColumnReader reader) {
      return switch (kind) {
        case NUMBER ->
            switch (numbers) {
              case FLOAT -> Float.toString(reader.getFloat());
              case DOUBLE -> Double.toString(reader.getDouble());
              case UINT64 -> Long.toUnsignedString(reader.getLong());
              default -> Long.toString(numbers.readLong(reader));
            };
        case DECIMAL -> decimal(reader).toString();
        case BOOLEAN -> reader.getBoolean() ? "true" : "false";
        case TEXT -> reader.getBinary().toStringUsingUTF8();
      };
    }

    private BigDecimal decimal(ColumnReader reader) {
      BigInteger unscaled =
          switch (reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> BigInteger.valueOf(reader.getInteger());
            case INT64 -> BigInteger.valueOf(reader.getLong());
            // BINARY, FIXED_LEN_BYTE_ARRAY: big-endian two's complement
            default -> new BigInteger(reader.getBinary().getBytes());
          };
      return new BigDecimal(unscaled, scale);
    }
  }

  private record Column(ColumnDescriptor descriptor, Value value, ColumnCollector collector) {}
}
