package dev.featurewatch.store.offline.parquet;

import dev.featurewatch.annotation.Internal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes Arrow record batches of the offline store's types to one Parquet file, without Hadoop.
 *
 * <pre>{@code
 * try (ParquetBatchWriter writer = ParquetBatchWriter.builder(file, root.getSchema()).build()) {
 *   writer.write(root);   // every batch of the same schema, as many times as needed
 * }                       // the footer is written and the file forced to disk here
 * }</pre>
 *
 * <p>Types ({@code OfflineFormat}'s), Arrow → Parquet:
 *
 * <ul>
 *   <li>{@code int64} → {@code INT64}; {@code float64} → {@code DOUBLE}; {@code bool} → {@code
 *       BOOLEAN};
 *   <li>{@code utf8} → {@code BINARY (STRING)};
 *   <li>{@code timestamp[us, tz]} → {@code INT64 (TIMESTAMP(MICROS, isAdjustedToUTC=true))};
 *       without a time zone, {@code isAdjustedToUTC=false};
 *   <li>{@code list<float64>} → the standard three-level {@code LIST}: {@code optional group name
 *       (LIST) { repeated group list { optional double element; } }} (pyarrow and DuckDB read it
 *       back as a list of doubles, nulls inside kept).
 * </ul>
 *
 * A nullable Arrow field is an {@code optional} column, a non-null one {@code required}; nulls are
 * kept. Any other Arrow type is refused when the writer is built, naming the column. The Arrow
 * schema's custom metadata ({@code featurewatch.offline.format}, {@code featurewatch.feature_view},
 * ...) becomes the file's key-value metadata, which pyarrow shows as the schema's metadata. No
 * {@code ARROW:schema} entry is written: readers derive the Arrow types from the Parquet types
 * above (pyarrow names the list's item {@code element}, not {@code item}).
 *
 * <p>Defaults: Snappy pages (pyarrow's default too: cheap to decode, about half the size of plain
 * doubles and timestamps); row groups closed at {@value #DEFAULT_ROW_GROUP_BYTES} bytes of buffered
 * (encoded, uncompressed) data or {@value #DEFAULT_ROW_GROUP_ROWS} rows, whichever comes first. The
 * writer holds a whole row group in memory before writing it, and a reader decodes one at a time,
 * so the byte bound caps both sides' memory; 128 MB is parquet-java's default and Spark's. The row
 * bound is pyarrow's default ({@code 1024 * 1024} rows): for a narrow view (a key, two timestamps,
 * three doubles is 48 bytes a row) 128 MB alone would let one row group hold 2.8 million rows, and
 * with rows written in time order the row groups' min/max statistics are what lets a reader skip
 * the dates it does not need, so they should not get coarser than a million rows.
 *
 * <p>Publishing is the caller's: the file is written at the path given, which is partial until
 * {@link #close()} returns. Write to a hidden name and move it atomically (as {@code JoinResult}
 * and the offline store do) when readers may look meanwhile. If a write fails, close the writer (no
 * footer is then written) and delete the file.
 *
 * <p>Fast path: rows go to parquet-java's {@link RecordConsumer} straight from the vectors, through
 * one column writer per Arrow field chosen once per batch; no object is made per row (a string
 * value is wrapped in a {@link Binary} over a reused byte array, which parquet-java copies where it
 * keeps it). Not thread-safe.
 */
@Internal
public final class ParquetBatchWriter implements AutoCloseable {

  /** Row-group size in buffered bytes, parquet-java's default (128 MB). */
  public static final long DEFAULT_ROW_GROUP_BYTES = 128L * 1024 * 1024;

  /** At most this many rows a row group, pyarrow's default. */
  public static final int DEFAULT_ROW_GROUP_ROWS = 1024 * 1024;

  private final Path file;
  private final Schema schema;
  private final ParquetWriter<Cursor> writer;
  // one mutable cursor for all rows: ParquetWriter takes one object per record
  private final Cursor cursor = new Cursor();
  private long rows;
  private boolean failed;

  private ParquetBatchWriter(Builder builder) throws IOException {
    this.file = builder.file;
    this.schema = builder.schema;
    BatchWriteSupport support =
        new BatchWriteSupport(parquetSchema(schema), schema.getCustomMetadata());
    this.writer =
        new WriterBuilder(new LocalOutputFile(file), support)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .withCompressionCodec(builder.codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(builder.rowGroupBytes)
            .withRowGroupRowCountLimit(builder.rowGroupRows)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
            .build();
  }

  /**
   * A writer of batches of {@code schema} to {@code file} (replaced if it exists).
   *
   * @throws IllegalArgumentException at {@link Builder#build()}, if a column's type has no mapping
   */
  public static Builder builder(Path file, Schema schema) {
    return new Builder(file, schema);
  }

  /** The Parquet schema of {@code schema}'s batches. */
  public static MessageType parquetSchema(Schema schema) {
    List<Type> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(parquetType(field));
    }
    return new MessageType("schema", fields);
  }

  private static Type parquetType(Field field) {
    Repetition repetition = field.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    ArrowType type = field.getType();
    if (type instanceof ArrowType.List) {
      Field item = field.getChildren().get(0);
      if (!isFloat64(item.getType())) {
        throw unsupported(field);
      }
      return Types.buildGroup(repetition)
          .as(LogicalTypeAnnotation.listType())
          .addField(
              Types.repeatedGroup()
                  .addField(
                      Types.primitive(
                              PrimitiveTypeName.DOUBLE,
                              item.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED)
                          .named("element"))
                  .named("list"))
          .named(field.getName());
    }
    if (type instanceof ArrowType.Int i && i.getBitWidth() == 64 && i.getIsSigned()) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition).named(field.getName());
    }
    if (isFloat64(type)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(field.getName());
    }
    if (type instanceof ArrowType.Utf8) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType())
          .named(field.getName());
    }
    if (type instanceof ArrowType.Bool) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(field.getName());
    }
    if (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(
              LogicalTypeAnnotation.timestampType(
                  t.getTimezone() != null, LogicalTypeAnnotation.TimeUnit.MICROS))
          .named(field.getName());
    }
    throw unsupported(field);
  }

  private static boolean isFloat64(ArrowType type) {
    return type instanceof ArrowType.FloatingPoint f
        && f.getPrecision() == FloatingPointPrecision.DOUBLE;
  }

  private static IllegalArgumentException unsupported(Field field) {
    return new IllegalArgumentException(
        "Parquet: column '"
            + field.getName()
            + "' must be int64, float64, utf8, bool, timestamp[us] or list<float64>, found "
            + field);
  }

  /**
   * Appends every row of {@code batch}, whose schema must equal the writer's (metadata aside).
   *
   * @throws IllegalArgumentException if the batch's fields differ from the writer's
   * @throws UncheckedIOException if the file cannot be written; close the writer and delete the
   *     file then
   */
  public void write(VectorSchemaRoot batch) {
    if (!batch.getSchema().getFields().equals(schema.getFields())) {
      throw new IllegalArgumentException(
          "Parquet "
              + file
              + ": a batch's fields must be the writer's "
              + schema.getFields()
              + ", found "
              + batch.getSchema().getFields());
    }
    cursor.bind(batch.getFieldVectors());
    try {
      for (int i = 0; i < batch.getRowCount(); i++) {
        cursor.row = i;
        writer.write(cursor);
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Parquet: cannot write " + file, io);
      }
      throw (RuntimeException) e;
    }
    rows += batch.getRowCount();
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /**
   * Writes the last row group and the footer, and forces the file to disk. After a failed {@link
   * #write}, only releases the writer: the file is then no Parquet file.
   */
  @Override
  public void close() {
    try {
      writer.close();
      if (!failed) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Parquet: cannot write " + file, e);
    }
  }

  /** Options of a {@link ParquetBatchWriter}. */
  public static final class Builder {
    private final Path file;
    private final Schema schema;
    private CompressionCodecName codec = CompressionCodecName.SNAPPY;
    private long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
    private int rowGroupRows = DEFAULT_ROW_GROUP_ROWS;

    private Builder(Path file, Schema schema) {
      this.file = Objects.requireNonNull(file, "file");
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The page codec: SNAPPY (default), UNCOMPRESSED, GZIP, ZSTD or LZ4_RAW. */
    public Builder codec(CompressionCodecName codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Closes a row group at this many buffered bytes (default {@value #DEFAULT_ROW_GROUP_BYTES}).
     */
    public Builder rowGroupBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("row group bytes must be positive, found " + bytes);
      }
      this.rowGroupBytes = bytes;
      return this;
    }

    /** Closes a row group at this many rows (default {@value #DEFAULT_ROW_GROUP_ROWS}). */
    public Builder rowGroupRows(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("row group rows must be positive, found " + rows);
      }
      this.rowGroupRows = rows;
      return this;
    }

    /**
     * Creates the file and the writer.
     *
     * @throws IllegalArgumentException if a column's type has no Parquet mapping
     * @throws UncheckedIOException if the file cannot be created
     */
    public ParquetBatchWriter build() {
      parquetSchema(schema); // refuse an unsupported type before creating the file
      try {
        return new ParquetBatchWriter(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Parquet: cannot create " + file, e);
      }
    }
  }

  /** The row being written: a batch's vectors, each with its column writer, and a row index. */
  private static final class Cursor {
    FieldVector[] vectors = new FieldVector[0];
    ColumnWriter[] writers = new ColumnWriter[0];
    int row;
    // reused for string values: Binary.fromReusedByteArray tells parquet-java to copy what it keeps
    byte[] scratch = new byte[64];

    void bind(List<FieldVector> batchVectors) {
      vectors = batchVectors.toArray(new FieldVector[0]);
      writers = new ColumnWriter[vectors.length];
      for (int c = 0; c < vectors.length; c++) {
        writers[c] = columnWriter(vectors[c]);
      }
    }

    Binary utf8(VarCharVector vector, int index) {
      long start = vector.getStartOffset(index);
      int length = (int) (vector.getEndOffset(index) - start);
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      ArrowBuf data = vector.getDataBuffer();
      data.getBytes(start, scratch, 0, length);
      return Binary.fromReusedByteArray(scratch, 0, length);
    }
  }

  /** Writes the value of one non-null cell between startField and endField. */
  @FunctionalInterface
  private interface ColumnWriter {
    void write(RecordConsumer out, Cursor cursor, FieldVector vector, int row);
  }

  private static ColumnWriter columnWriter(FieldVector vector) {
    if (vector instanceof BigIntVector) {
      return (out, cursor, v, row) -> out.addLong(((BigIntVector) v).get(row));
    } else if (vector instanceof Float8Vector) {
      return (out, cursor, v, row) -> out.addDouble(((Float8Vector) v).get(row));
    } else if (vector instanceof VarCharVector) {
      return (out, cursor, v, row) -> out.addBinary(cursor.utf8((VarCharVector) v, row));
    } else if (vector instanceof BitVector) {
      return (out, cursor, v, row) -> out.addBoolean(((BitVector) v).get(row) != 0);
    } else if (vector instanceof TimeStampMicroTZVector) {
      return (out, cursor, v, row) -> out.addLong(((TimeStampMicroTZVector) v).get(row));
    } else if (vector instanceof org.apache.arrow.vector.TimeStampMicroVector) {
      return (out, cursor, v, row) ->
          out.addLong(((org.apache.arrow.vector.TimeStampMicroVector) v).get(row));
    } else if (vector instanceof ListVector) {
      return ParquetBatchWriter::writeDoubleList;
    }
    throw unsupported(vector.getField());
  }

  /** One list of the three-level LIST layout: group { list: repeated group { element } }. */
  private static void writeDoubleList(RecordConsumer out, Cursor cursor, FieldVector v, int row) {
    ListVector list = (ListVector) v;
    Float8Vector data = (Float8Vector) list.getDataVector();
    int start = list.getElementStartIndex(row);
    int end = list.getElementEndIndex(row);
    out.startGroup();
    if (end > start) {
      out.startField("list", 0);
      for (int j = start; j < end; j++) {
        out.startGroup();
        if (!data.isNull(j)) {
          out.startField("element", 0);
          out.addDouble(data.get(j));
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  private static final class BatchWriteSupport extends WriteSupport<Cursor> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private final String[] names;
    private RecordConsumer out;

    BatchWriteSupport(MessageType schema, Map<String, String> metadata) {
      this.schema = schema;
      this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
      this.names = schema.getFields().stream().map(Type::getName).toArray(String[]::new);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, metadata);
    }

    /**
     * @deprecated never called: the writer is built with a {@link ParquetConfiguration}
     */
    @Deprecated
    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Cursor cursor) {
      FieldVector[] vectors = cursor.vectors;
      ColumnWriter[] writers = cursor.writers;
      int row = cursor.row;
      out.startMessage();
      for (int c = 0; c < vectors.length; c++) {
        FieldVector vector = vectors[c];
        if (vector.isNull(row)) {
          continue; // an optional column left out is null; a required one fails in endMessage
        }
        out.startField(names[c], c);
        writers[c].write(out, cursor, vector, row);
        out.endField(names[c], c);
      }
      out.endMessage();
    }
  }

  private static final class WriterBuilder extends ParquetWriter.Builder<Cursor, WriterBuilder> {
    private final BatchWriteSupport support;

    WriterBuilder(LocalOutputFile file, BatchWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected WriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Cursor> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /**
     * @deprecated never called: {@link #withConf(ParquetConfiguration)} is always given
     */
    @Deprecated
    @Override
    protected WriteSupport<Cursor> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
