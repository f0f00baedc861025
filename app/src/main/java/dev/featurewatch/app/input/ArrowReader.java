package dev.featurewatch.app.input;

import dev.featurewatch.drift.profile.FeatureType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.InvalidArrowFileException;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads an Arrow IPC file (the random-access "file" format, as written by pyarrow's {@code
 * ipc.new_file} or {@code feather.write_feather}) or an Arrow IPC stream into a {@link Table}.
 *
 * <p>Integer and floating-point columns are numeric, strings, booleans and dictionary-encoded
 * columns (pandas' category dtype) categorical, unless the column's type is fixed otherwise; other
 * Arrow types are rejected with the column's name and type, unless the column is ignored ({@link
 * ColumnTypes#withIgnored}): an ignored column's vectors are loaded but not read. Record batches
 * compressed with LZ4 or ZSTD (the default of pyarrow's feather writer and pandas' {@code
 * to_feather}) are read.
 */
final class ArrowReader {

  private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  private ArrowReader() {}

  static boolean looksLikeArrow(byte[] head) {
    if (head.length >= FILE_MAGIC.length) {
      boolean file = true;
      for (int i = 0; i < FILE_MAGIC.length; i++) {
        file &= head[i] == FILE_MAGIC[i];
      }
      if (file) {
        return true;
      }
    }
    // an IPC stream starts with the continuation marker 0xFFFFFFFF
    return head.length >= 4
        && head[0] == (byte) 0xff
        && head[1] == (byte) 0xff
        && head[2] == (byte) 0xff
        && head[3] == (byte) 0xff;
  }

  static Table read(Path file, byte[] head, ColumnTypes types) {
    boolean fileFormat = head.length >= FILE_MAGIC.length && head[0] == 'A';
    try (BufferAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        org.apache.arrow.vector.ipc.ArrowReader reader =
            fileFormat
                ? new ArrowFileReader(channel, allocator, CommonsCompressionFactory.INSTANCE)
                : new ArrowStreamReader(channel, allocator, CommonsCompressionFactory.INSTANCE)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Field> fields = root.getSchema().getFields();
      types.checkIgnoredPresent(file, fields.stream().map(Field::getName).toList());
      // the schema's indexes of the columns read: all but the ignored ones
      int[] read =
          IntStream.range(0, fields.size())
              .filter(c -> !types.ignores(fields.get(c).getName()))
              .toArray();
      ColumnCollector[] collectors = new ColumnCollector[read.length];
      for (int k = 0; k < collectors.length; k++) {
        Field field = fields.get(read[k]);
        collectors[k] = ColumnCollector.of(field.getName(), typeOf(file, field, types), 0);
        if (types.keepsRows(field.getName())) {
          collectors[k].keepRows();
        }
      }
      long rows = 0;
      while (reader.loadNextBatch()) {
        int batchRows = root.getRowCount();
        for (int k = 0; k < collectors.length; k++) {
          FieldVector vector = root.getVector(read[k]);
          DictionaryEncoding encoding = vector.getField().getDictionary();
          if (encoding == null) {
            collect(vector, batchRows, collectors[k]);
          } else {
            // the vector holds indexes into the dictionary: read the values they stand for
            Dictionary dictionary = reader.getDictionaryVectors().get(encoding.getId());
            try (ValueVector decoded = DictionaryEncoder.decode(vector, dictionary)) {
              collect((FieldVector) decoded, batchRows, collectors[k]);
            }
          }
        }
        rows += batchRows;
      }
      return ColumnCollector.table(file, rows, collectors);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (InvalidArrowFileException e) {
      throw new InputException(file + ": not a valid Arrow IPC file: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException input) {
        throw input;
      }
      throw new InputException(file + ": cannot be read as Arrow IPC: " + e.getMessage(), e);
    }
  }

  private static FeatureType typeOf(Path file, Field field, ColumnTypes types) {
    if (field.getDictionary() != null && !types.isExplicit(field.getName())) {
      // dictionary encoding is how Arrow stores categories (pandas' category dtype)
      return FeatureType.CATEGORICAL;
    }
    ArrowType type = field.getType();
    FeatureType natural =
        switch (type.getTypeID()) {
          case Int, FloatingPoint, Decimal -> FeatureType.NUMERIC;
          case Utf8, LargeUtf8, Bool -> FeatureType.CATEGORICAL;
          default ->
              throw new InputException(
                  file
                      + ": column '"
                      + field.getName()
                      + "' has Arrow type "
                      + type
                      + ", expected an integer, floating-point, string or boolean column"
                      + " (leave it out with --ignore "
                      + field.getName()
                      + ")");
        };
    // the Arrow type is the column's type unless the user or a baseline said otherwise
    return types.isExplicit(field.getName()) ? types.typeOf(field.getName(), List.of()) : natural;
  }

  private static void collect(FieldVector vector, int rows, ColumnCollector collector) {
    for (int i = 0; i < rows; i++) {
      if (vector.isNull(i)) {
        collector.addNull();
      } else if (collector instanceof ColumnCollector.Numeric numeric) {
        numeric.add(numericValue(vector, i));
      } else {
        ((ColumnCollector.Categorical) collector).add(textValue(vector, i));
      }
    }
  }

  private static double numericValue(FieldVector vector, int i) {
    if (vector instanceof FloatingPointVector floating) {
      return floating.getValueAsDouble(i);
    }
    if (vector instanceof BaseIntVector integer) {
      return integer.getValueAsLong(i);
    }
    if (vector instanceof BitVector bits) {
      return bits.get(i);
    }
    Object value = vector.getObject(i);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return NumberParser.INVALID;
  }

  private static String textValue(FieldVector vector, int i) {
    if (vector instanceof VarCharVector text) {
      return new String(text.get(i), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (vector instanceof BitVector bits) {
      return bits.get(i) == 1 ? "true" : "false";
    }
    return String.valueOf(vector.getObject(i));
  }
}
