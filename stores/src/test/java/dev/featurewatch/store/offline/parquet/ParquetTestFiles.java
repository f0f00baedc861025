package dev.featurewatch.store.offline.parquet;

import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet files back in tests with parquet-java's own low-level reader (the example {@link
 * Group} model, record by record), independently of the writer's column code.
 */
public final class ParquetTestFiles {

  private ParquetTestFiles() {}

  public static ParquetFileReader open(Path file) throws IOException {
    return ParquetColumns.open(file);
  }

  /** Every row of {@code file}, as the Java types of OfflineFormat (Instant, List, ...). */
  public static List<List<Object>> readAll(Path file) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    try (ParquetFileReader reader = open(file)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long r = 0; r < pages.getRowCount(); r++) {
          Group group = records.read();
          List<Object> row = new ArrayList<>();
          for (Type field : schema.getFields()) {
            row.add(value(group, field));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The codecs of every column chunk of every row group. */
  public static Set<CompressionCodecName> codecs(Path file) throws IOException {
    Set<CompressionCodecName> codecs = new TreeSet<>();
    try (ParquetFileReader reader = open(file)) {
      for (BlockMetaData rowGroup : reader.getFooter().getBlocks()) {
        rowGroup.getColumns().forEach(column -> codecs.add(column.getCodec()));
      }
    }
    return codecs;
  }

  private static Object value(Group group, Type field) {
    String name = field.getName();
    if (group.getFieldRepetitionCount(name) == 0) {
      return null;
    }
    if (!field.isPrimitive()) {
      Group list = group.getGroup(name, 0);
      List<Double> values = new ArrayList<>();
      for (int j = 0; j < list.getFieldRepetitionCount("list"); j++) {
        Group element = list.getGroup("list", j);
        values.add(
            element.getFieldRepetitionCount("element") == 0
                ? null
                : element.getDouble("element", 0));
      }
      return values;
    }
    PrimitiveType primitive = field.asPrimitiveType();
    return switch (primitive.getPrimitiveTypeName()) {
      case INT64 ->
          primitive.getLogicalTypeAnnotation()
                  instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
              ? OfflineFormat.instant(group.getLong(name, 0))
              : (Object) group.getLong(name, 0);
      case DOUBLE -> group.getDouble(name, 0);
      case BINARY -> group.getString(name, 0);
      case BOOLEAN -> group.getBoolean(name, 0);
      default -> throw new AssertionError("unexpected column " + field);
    };
  }
}
