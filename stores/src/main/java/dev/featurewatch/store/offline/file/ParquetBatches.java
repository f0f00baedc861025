package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file's rows for one view, read column by column with parquet-java's column readers:
 * only the columns the view needs are decoded, and row groups whose event-time statistics lie
 * wholly outside the time range asked for are skipped without being read.
 */
final class ParquetBatches implements ViewBatches {

  static final int BATCH_ROWS = 65_536;

  private final Path file;
  private final SourceLayout layout;
  private final ParquetFileReader reader;
  // the row groups' pages are read from mappings of the file (MappedRowGroup), not by reader
  private final FileChannel channel;
  private final MessageType schema;
  private final List<Column> columns = new ArrayList<>();
  private final VectorSchemaRoot root;
  private final BufferAllocator allocator;
  private final long from;
  private final long to;
  private final String createdBy;
  // the row groups read: [firstGroup, endGroup)
  private final int firstGroup;
  private final int endGroup;
  private int nextGroup;
  // per column of the row group, its flat numeric reader (fast) or its column reader
  private FlatColumn[] flat;
  // per column, the buffer its flat reader's pages are decompressed into
  private final PageBuffer[] pageBuffers;
  private ColumnReader[] readers;
  // a flat column's batch of raw values, reused
  private final long[] raw = new long[BATCH_ROWS];
  private final boolean[] rawNulls = new boolean[BATCH_ROWS];
  private final ByteBuffer rawBytes =
      ByteBuffer.allocate(8 * BATCH_ROWS).order(ByteOrder.LITTLE_ENDIAN);
  // per list column, its values in the row group not yet consumed: where its last row ends
  private long[][] listValuesLeft;
  private long groupRowsLeft;
  private long skipped;
  // rows of the file before the current batch, for messages
  private long rowsBefore;
  private int batchRows;

  private ParquetBatches(
      Path file,
      SourceLayout layout,
      ParquetFileReader reader,
      FileChannel channel,
      long from,
      long to,
      int firstGroup,
      int endGroup,
      BufferAllocator a) {
    this.file = file;
    this.layout = layout;
    this.reader = reader;
    this.channel = channel;
    this.schema = reader.getFooter().getFileMetaData().getSchema();
    this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    this.from = from;
    this.to = to;
    this.firstGroup = firstGroup;
    this.endGroup = Math.min(endGroup, reader.getRowGroups().size());
    List<org.apache.arrow.vector.types.pojo.Field> kept = new ArrayList<>();
    org.apache.arrow.vector.types.pojo.Schema target = layout.schema();
    int keys = layout.joinKeys().size();
    for (int i = 0; i < target.getFields().size(); i++) {
      org.apache.arrow.vector.types.pojo.Field field = target.getFields().get(i);
      String name = field.getName();
      ValueType type;
      String sourceColumn;
      Role role;
      if (i < keys) {
        type = layout.joinKeys().get(i).type();
        sourceColumn = name;
        role = Role.KEY;
      } else if (i == keys) {
        type = ValueType.TIMESTAMP;
        sourceColumn = layout.timestampColumn();
        role = Role.EVENT;
      } else if (i == keys + 1) {
        type = ValueType.TIMESTAMP;
        sourceColumn = layout.createdColumn();
        role = Role.CREATED;
      } else {
        Field feature = layout.features().get(i - keys - 2);
        type = feature.type();
        sourceColumn = feature.name();
        role = Role.FEATURE;
      }
      if (sourceColumn.isEmpty()) { // no created column: every row the same
        kept.add(field);
        columns.add(new Column(role, type, null, Conversion.CONSTANT_ZERO, null));
        continue;
      }
      if (!schema.containsField(sourceColumn)) {
        if (role == Role.FEATURE && layout.missingFeaturesAreNull()) {
          continue;
        }
        throw FileDataException.column(
            file,
            sourceColumn,
            "missing: the "
                + layout.role(sourceColumn)
                + " must be a column of the file, which has "
                + schema.getFields().stream().map(Type::getName).toList());
      }
      Type column = schema.getType(sourceColumn);
      if (type == ValueType.DOUBLE_LIST) {
        DoubleList list = DoubleList.of(schema, column);
        if (list != null) {
          kept.add(field);
          columns.add(new Column(role, type, list.leaf(), Conversion.DOUBLE, list));
          continue;
        }
      }
      if (!column.isPrimitive() || column.isRepetition(Type.Repetition.REPEATED)) {
        throw FileDataException.column(
            file,
            sourceColumn,
            "the "
                + layout.role(sourceColumn)
                + " must be "
                + type.id()
                + ", found "
                + column.toString().trim()
                + (type == ValueType.DOUBLE_LIST
                    ? " (a list<double> is a LIST of double or float, or a repeated double)"
                    : ""));
      }
      ColumnDescriptor descriptor = schema.getColumnDescription(new String[] {sourceColumn});
      Conversion conversion = conversion(column.asPrimitiveType(), type, sourceColumn);
      kept.add(field);
      columns.add(new Column(role, type, descriptor, conversion, null));
    }
    this.allocator = a;
    this.root =
        VectorSchemaRoot.create(
            new org.apache.arrow.vector.types.pojo.Schema(kept, target.getCustomMetadata()), a);
    this.pageBuffers = new PageBuffer[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      pageBuffers[c] = new PageBuffer();
    }
  }

  /**
   * Opens {@code file}; rows with an event time in {@code [from, to]} microseconds will be read,
   * others may be (only whole row groups are skipped).
   *
   * @throws FileDataException the file is empty or not Parquet, or a column is missing or of a type
   *     the view cannot read
   */
  static ParquetBatches open(
      Path file, SourceLayout layout, long from, long to, BufferAllocator allocator) {
    return open(file, layout, from, to, 0, Integer.MAX_VALUE, allocator);
  }

  /** As above, reading only the row groups {@code [firstGroup, endGroup)} of the file. */
  static ParquetBatches open(
      Path file,
      SourceLayout layout,
      long from,
      long to,
      int firstGroup,
      int endGroup,
      BufferAllocator allocator) {
    ParquetFileReader reader = reader(file);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      SourceLayout read = layout;
      if (layout.joinKeys().isEmpty() && layout.missingFeaturesAreNull()) {
        read = withStoreKeys(layout, reader.getFooter().getFileMetaData().getSchema());
      }
      return new ParquetBatches(
          file, read, reader, channel, from, to, firstGroup, endGroup, allocator);
    } catch (IOException | RuntimeException e) {
      for (java.io.Closeable open : new java.io.Closeable[] {channel, reader}) {
        try {
          if (open != null) {
            open.close();
          }
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(file + ": cannot be read", io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * How many row groups {@code file} has.
   *
   * @throws FileDataException the file is empty or not Parquet
   */
  static int rowGroups(Path file) {
    try (ParquetFileReader reader = reader(file)) {
      return reader.getRowGroups().size();
    } catch (IOException e) {
      throw new FileDataException(file + ": not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  private static ParquetFileReader reader(Path file) {
    try {
      if (Files.size(file) == 0) {
        throw new FileDataException(file + ": the file is empty (0 bytes), not a Parquet file");
      }
      return ParquetColumns.open(file);
    } catch (FileDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FileDataException(file + ": not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  /** The offline store's layout with the file's join keys: its columns before the event time. */
  private static SourceLayout withStoreKeys(SourceLayout layout, MessageType schema) {
    List<Field> keys = new ArrayList<>();
    for (Type column : schema.getFields()) {
      if (column.getName().equals(OfflineFormat.EVENT_TIMESTAMP)) {
        break;
      }
      boolean text =
          column.isPrimitive()
              && column.asPrimitiveType().getPrimitiveTypeName()
                  == PrimitiveType.PrimitiveTypeName.BINARY;
      keys.add(Field.of(column.getName(), text ? ValueType.STRING : ValueType.INT64));
    }
    return SourceLayout.offlineStore(layout.view(), keys, layout.features());
  }

  @Override
  public boolean next() {
    try {
      while (groupRowsLeft == 0) {
        if (!nextRowGroup()) {
          return false;
        }
      }
      rowsBefore += batchRows;
      int rows = (int) Math.min(BATCH_ROWS, groupRowsLeft);
      batchRows = rows;
      groupRowsLeft -= rows;
      fill(rows);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    } catch (InternalError e) {
      // the JVM's error for a read of a mapping past the end of its file (see MappedRowGroup)
      if (String.valueOf(e.getMessage()).contains("unsafe memory access")) {
        throw new FileDataException(
            file
                + ": cannot be read: it was truncated or rewritten while it was read ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
  }

  private boolean nextRowGroup() throws IOException {
    List<BlockMetaData> groups = reader.getRowGroups();
    while (nextGroup < endGroup
        && (nextGroup < firstGroup || outsideRange(groups.get(nextGroup)))) {
      rowsBefore += groups.get(nextGroup).getRowCount();
      nextGroup++;
    }
    if (nextGroup >= endGroup) {
      return false;
    }
    MappedRowGroup pages = new MappedRowGroup(file, channel, groups.get(nextGroup++));
    ColumnReadStoreImpl store = ParquetColumns.readers(pages, schema, createdBy);
    flat = new FlatColumn[columns.size()];
    readers = new ColumnReader[columns.size()];
    listValuesLeft = new long[columns.size()][];
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      if (column.descriptor() == null) {
        continue;
      }
      if (column.list() == null
          && FlatColumn.readable(column.descriptor().getPrimitiveType().getPrimitiveTypeName())) {
        flat[c] =
            new FlatColumn(
                column.descriptor(), pages.getPageReader(column.descriptor(), pageBuffers[c]));
      } else {
        readers[c] = store.getColumnReader(column.descriptor());
        listValuesLeft[c] =
            new long[] {pages.getPageReader(column.descriptor()).getTotalValueCount()};
      }
    }
    groupRowsLeft = pages.getRowCount();
    return true;
  }

  /** True if the row group's event-time statistics prove no row of it is in the range. */
  private boolean outsideRange(BlockMetaData group) {
    Column event = null;
    for (Column column : columns) {
      if (column.role() == Role.EVENT) {
        event = column;
      }
    }
    if (event == null || event.descriptor() == null) {
      return false;
    }
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      if (!chunk.getPath().toDotString().equals(layout.timestampColumn())) {
        continue;
      }
      Statistics<?> stats = chunk.getStatistics();
      if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
        return false;
      }
      if (!(stats.genericGetMin() instanceof Long) && !(stats.genericGetMin() instanceof Integer)) {
        return false; // text or INT96 statistics do not order by time
      }
      long min = ((Number) stats.genericGetMin()).longValue();
      long max = ((Number) stats.genericGetMax()).longValue();
      try {
        long minMicros = event.conversion().micros(min, layout.timestampFormat(), "");
        long maxMicros = event.conversion().micros(max, layout.timestampFormat(), "");
        return maxMicros < from || minMicros > to;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return false;
  }

  private void fill(int rows) throws IOException {
    // sized for the batch at once: growing from Arrow's default capacity copies each vector ~5
    // times; then kept for the next batches, as fresh memory costs a page fault per 4 KB
    for (FieldVector vector : root.getFieldVectors()) {
      if (vector.getValueCapacity() >= rows) {
        vector.reset();
      } else if (vector instanceof BaseFixedWidthVector fixed && fixed.getTypeWidth() > 0) {
        // not zeroed, as allocateNew would: every value and validity bit of the batch is written
        // (readers that keep the vectors, as the join does, leave new ones for each batch)
        try (ArrowBuf validity = allocator.buffer((rows + 7) / 8);
            ArrowBuf data = allocator.buffer((long) rows * fixed.getTypeWidth())) {
          fixed.loadFieldBuffers(new ArrowFieldNode(rows, 0), List.of(validity, data));
        }
      } else {
        vector.setInitialCapacity(rows);
        vector.allocateNew();
      }
    }
    // join keys first: a row with a null key is left out, so the other columns need the map
    boolean[] drop = new boolean[rows];
    int keys = layout.joinKeys().size();
    Object[] keyValues = new Object[keys];
    int dropped = 0;
    for (int k = 0; k < keys; k++) {
      ColumnReader reader = readers[k];
      int maxDef = columns.get(k).descriptor().getMaxDefinitionLevel();
      Column column = columns.get(k);
      if (flat[k] != null) {
        long[] values = new long[rows];
        flat[k].read(rows, values, rawNulls);
        for (int i = 0; i < rows; i++) {
          drop[i] |= rawNulls[i];
        }
        keyValues[k] = values;
      } else { // text: int64 keys are flat numbers
        byte[][] values = new byte[rows][];
        for (int i = 0; i < rows; i++) {
          if (reader.getCurrentDefinitionLevel() < maxDef) {
            drop[i] = true;
          } else {
            values[i] = reader.getBinary().getBytes();
          }
          reader.consume();
        }
        keyValues[k] = values;
      }
    }
    for (boolean d : drop) {
      dropped += d ? 1 : 0;
    }
    skipped += dropped;
    for (int k = 0; k < keys; k++) {
      FieldVector vector = root.getVector(k);
      if (keyValues[k] instanceof long[] longs) {
        java.util.Arrays.fill(rawNulls, 0, rows, false);
        store(vector, longs, rawNulls, compact(longs, rawNulls, rows, drop, dropped));
        continue;
      }
      byte[][] strings = (byte[][]) keyValues[k];
      int out = 0;
      for (int i = 0; i < rows; i++) {
        if (!drop[i]) {
          ((VarCharVector) vector).setSafe(out++, strings[i]);
        }
      }
    }
    int vectorIndex = keys;
    for (int c = keys; c < columns.size(); c++) {
      Column column = columns.get(c);
      FieldVector vector = root.getVector(vectorIndex++);
      if (column.conversion() == Conversion.CONSTANT_ZERO) {
        TimeStampMicroTZVector created = (TimeStampMicroTZVector) vector;
        for (int i = 0; i < rows - dropped; i++) {
          created.setSafe(i, 0L);
        }
        continue;
      }
      if (flat[c] != null) {
        readFlat(column, flat[c], rows, drop, dropped, vector);
      } else {
        read(column, readers[c], rows, drop, vector);
      }
    }
    root.setRowCount(rows - dropped);
  }

  private void read(Column column, ColumnReader reader, int rows, boolean[] drop, FieldVector v) {
    int maxDef = column.descriptor().getMaxDefinitionLevel();
    String name = column.descriptor().getPath()[0];
    // once per batch, not per value: only messages use it
    String role = layout.role(name);
    int out = 0;
    if (column.list() != null) {
      long[] left = listValuesLeft[columns.indexOf(column)];
      for (int i = 0; i < rows; i++) {
        List<Double> list = column.list().read(reader, left);
        if (!drop[i]) {
          OfflineFormat.write(v, out++, list);
        }
      }
      return;
    }
    for (int i = 0; i < rows; i++) {
      boolean isNull = reader.getCurrentDefinitionLevel() < maxDef;
      if (drop[i]) {
        reader.consume();
        continue;
      }
      if (isNull) {
        if (column.role() != Role.FEATURE) {
          throw FileDataException.column(
              file,
              name,
              "the " + role + " must not be null, found null in row " + (rowsBefore + i + 1));
        }
        OfflineFormat.setNull(v, out);
      } else {
        switch (column.type()) {
          case STRING -> ((VarCharVector) v).setSafe(out, reader.getBinary().getBytes());
          case BOOL -> ((BitVector) v).setSafe(out, reader.getBoolean() ? 1 : 0);
          case TIMESTAMP -> {
            long micros;
            try {
              micros =
                  column.conversion() == Conversion.ISO_TEXT
                      ? Timestamps.fromText(
                          reader.getBinary().toStringUsingUTF8(), layout.timestampFormat(), role)
                      : Conversion.int96Micros(reader);
            } catch (IllegalArgumentException e) {
              throw FileDataException.column(file, name, e.getMessage());
            }
            ((TimeStampMicroTZVector) v).setSafe(out, micros);
          }
          case INT64, DOUBLE, DOUBLE_LIST ->
              throw new IllegalStateException("read as flat numbers or as a list");
        }
      }
      reader.consume();
      out++;
    }
  }

  /**
   * Reads a flat numeric column's values of the batch into {@code v}: converted in place to the
   * vector's bits, then copied at once (a value at a time through Arrow's checked setters cost a
   * third of the reading).
   */
  private void readFlat(
      Column column, FlatColumn values, int rows, boolean[] drop, int dropped, FieldVector v)
      throws IOException {
    String name = column.descriptor().getPath()[0];
    String role = layout.role(name);
    Conversion conversion = column.conversion();
    values.read(rows, raw, rawNulls);
    if (column.role() != Role.FEATURE) {
      for (int i = 0; i < rows; i++) {
        if (rawNulls[i] && !drop[i]) {
          throw FileDataException.column(
              file,
              name,
              "the " + role + " must not be null, found null in row " + (rowsBefore + i + 1));
        }
      }
    }
    int n = compact(raw, rawNulls, rows, drop, dropped);
    switch (column.type()) {
      case INT64 -> {} // the raw bits of an integer column are its value
      case DOUBLE -> {
        if (conversion != Conversion.DOUBLE) {
          for (int i = 0; i < n; i++) {
            raw[i] = Double.doubleToRawLongBits(conversion.doubleOf(raw[i]));
          }
        }
      }
      case TIMESTAMP -> {
        if (conversion != Conversion.TS_MICROS) {
          try {
            for (int i = 0; i < n; i++) {
              raw[i] = rawNulls[i] ? 0 : conversion.micros(raw[i], layout.timestampFormat(), role);
            }
          } catch (IllegalArgumentException e) {
            throw FileDataException.column(file, name, e.getMessage());
          }
        }
      }
      case STRING, BOOL, DOUBLE_LIST -> throw new IllegalStateException("not a flat number");
    }
    store(v, raw, rawNulls, n);
  }

  /** Moves the values of the rows not dropped to the front; returns how many there are. */
  private static int compact(
      long[] values, boolean[] nulls, int rows, boolean[] drop, int dropped) {
    if (dropped == 0) {
      return rows;
    }
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (!drop[i]) {
        values[n] = values[i];
        nulls[n++] = nulls[i];
      }
    }
    return n;
  }

  /** Copies {@code n} values' bits, 8 bytes each, into a fixed-width vector reset for the batch. */
  private void store(FieldVector v, long[] values, boolean[] nulls, int n) {
    rawBytes.clear();
    rawBytes.asLongBuffer().put(values, 0, n);
    rawBytes.limit(8 * n);
    v.getDataBuffer().setBytes(0, rawBytes);
    ArrowBuf validity = v.getValidityBuffer();
    validity.setOne(0L, (n + 7) / 8);
    for (int i = 0; i < n; i++) {
      if (nulls[i]) {
        BitVectorHelper.unsetBit(validity, i);
      }
    }
  }

  /** How a Parquet column's values become the view's type, or why they cannot. */
  private Conversion conversion(PrimitiveType column, ValueType type, String name) {
    PrimitiveType.PrimitiveTypeName physical = column.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    ParquetColumns.Numbers numbers = ParquetColumns.numbers(column);
    Conversion conversion =
        switch (type) {
          case INT64 -> numbers != null && numbers.fitsLong() ? Conversion.of(numbers) : null;
          case DOUBLE -> Conversion.of(numbers);
          case STRING -> ParquetColumns.isText(column) ? Conversion.BINARY : null;
          case BOOL -> physical == PrimitiveType.PrimitiveTypeName.BOOLEAN ? Conversion.BOOL : null;
          case TIMESTAMP -> timestampConversion(physical, logical);
          case DOUBLE_LIST -> null;
        };
    if (conversion == null) {
      throw FileDataException.column(
          file,
          name,
          "the "
              + layout.role(name)
              + " must be "
              + type.id()
              + ", found Parquet "
              + ParquetColumns.describe(column));
    }
    return conversion;
  }

  private static Conversion timestampConversion(
      PrimitiveType.PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
      return switch (ts.getUnit()) {
        case MILLIS -> Conversion.TS_MILLIS;
        case MICROS -> Conversion.TS_MICROS;
        case NANOS -> Conversion.TS_NANOS;
      };
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return Conversion.DATE;
    }
    return switch (physical) {
      case INT96 -> Conversion.INT96;
      case INT64 -> ParquetColumns.plainInteger(logical) ? Conversion.EPOCH_INT64 : null;
      case INT32 -> ParquetColumns.plainInteger(logical) ? Conversion.EPOCH_INT32 : null;
      case BINARY ->
          logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
              ? Conversion.ISO_TEXT
              : null;
      default -> null;
    };
  }

  @Override
  public VectorSchemaRoot batch() {
    return root;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long skippedRows() {
    return skipped;
  }

  @Override
  public void close() {
    root.close();
    try (channel) {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be closed", e);
    }
  }

  private enum Role {
    KEY,
    EVENT,
    CREATED,
    FEATURE
  }

  private record Column(
      Role role,
      ValueType type,
      ColumnDescriptor descriptor,
      Conversion conversion,
      DoubleList list) {}

  /**
   * A list of doubles: the standard three-level LIST ({@code optional group x (LIST) { repeated
   * group list { optional double element; } }}), the legacy two-level one, or a bare {@code
   * repeated double}; float items are widened. The definition levels say, for a row's first value,
   * whether the list is null, empty, or holds a (possibly null) item.
   *
   * @param leaf the items' column
   * @param presentDef the level at which the list itself is defined (below: null)
   * @param itemDef the level at which an item slot exists (below: an empty list)
   */
  private record DoubleList(ColumnDescriptor leaf, int presentDef, int itemDef) {

    static DoubleList of(MessageType schema, Type column) {
      String[] path;
      if (column.isPrimitive()) {
        if (!column.isRepetition(Type.Repetition.REPEATED)) {
          return null;
        }
        path = new String[] {column.getName()};
      } else {
        var group = column.asGroupType();
        if (group.getFieldCount() != 1
            || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
          return null;
        }
        Type repeated = group.getType(0);
        if (repeated.isPrimitive()) {
          path = new String[] {column.getName(), repeated.getName()};
        } else if (repeated.asGroupType().getFieldCount() == 1
            && repeated.asGroupType().getType(0).isPrimitive()) {
          path =
              new String[] {
                column.getName(), repeated.getName(), repeated.asGroupType().getType(0).getName()
              };
        } else {
          return null;
        }
      }
      ColumnDescriptor leaf = schema.getColumnDescription(path);
      PrimitiveType.PrimitiveTypeName item = leaf.getPrimitiveType().getPrimitiveTypeName();
      if (item != PrimitiveType.PrimitiveTypeName.DOUBLE
          && item != PrimitiveType.PrimitiveTypeName.FLOAT) {
        return null;
      }
      int presentDef = column.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
      int itemDef = column.isPrimitive() ? presentDef + 1 : presentDef + 1;
      return new DoubleList(leaf, presentDef, itemDef);
    }

    /**
     * Reads one row's list: null, or its items (null items kept).
     *
     * @param left the values of the column chunk not yet consumed; decremented as they are
     */
    List<Double> read(ColumnReader reader, long[] left) {
      int def = reader.getCurrentDefinitionLevel();
      if (def < itemDef) {
        reader.consume();
        left[0]--;
        return def < presentDef ? null : List.of();
      }
      List<Double> items = new ArrayList<>();
      boolean widen =
          leaf.getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT;
      int maxDef = leaf.getMaxDefinitionLevel();
      do {
        if (reader.getCurrentDefinitionLevel() == maxDef) {
          items.add(widen ? (double) reader.getFloat() : reader.getDouble());
        } else {
          items.add(null);
        }
        reader.consume();
        left[0]--;
      } while (left[0] > 0 && reader.getCurrentRepetitionLevel() > 0);
      return java.util.Collections.unmodifiableList(items);
    }
  }

  /** A Parquet physical type and annotation, read as the view's type. */
  private enum Conversion {
    INT64(ParquetColumns.Numbers.INT64),
    INT32(ParquetColumns.Numbers.INT32),
    DOUBLE(ParquetColumns.Numbers.DOUBLE),
    FLOAT(ParquetColumns.Numbers.FLOAT),
    BINARY(null),
    BOOL(null),
    TS_MILLIS(null),
    TS_MICROS(null),
    TS_NANOS(null),
    DATE(null),
    INT96(null),
    EPOCH_INT64(null),
    EPOCH_INT32(null),
    ISO_TEXT(null),
    CONSTANT_ZERO(null);

    // the numbers' reader, for the conversions of plain numbers
    private final ParquetColumns.Numbers numbers;

    Conversion(ParquetColumns.Numbers numbers) {
      this.numbers = numbers;
    }

    /**
     * The conversion of signed plain numbers, or null for none: unsigned integers are refused (an
     * INT64 view cannot hold the largest UINT64 values).
     */
    static Conversion of(ParquetColumns.Numbers numbers) {
      if (numbers == null) {
        return null;
      }
      for (Conversion conversion : values()) {
        if (conversion.numbers == numbers) {
          return conversion;
        }
      }
      return null;
    }

    /** A number's raw bits ({@link FlatColumn}) as a double. */
    double doubleOf(long bits) {
      return switch (this) {
        case DOUBLE -> Double.longBitsToDouble(bits);
        case FLOAT -> Float.intBitsToFloat((int) bits);
        default -> bits;
      };
    }

    /**
     * The microseconds of the current INT96 value (nanoseconds of the day, then the Julian day):
     * the one timestamp not read as flat numbers.
     */
    static long int96Micros(ColumnReader reader) {
      ByteBuffer bytes = reader.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = bytes.getLong();
      long julianDay = Integer.toUnsignedLong(bytes.getInt());
      return Math.addExact(
          Math.multiplyExact(julianDay - 2_440_588L, 86_400_000_000L), nanosOfDay / 1_000);
    }

    /** The microseconds of one raw value of this column (also its statistics). */
    long micros(long raw, DataSource.TimestampFormat format, String where) {
      return switch (this) {
        case TS_MILLIS -> Math.multiplyExact(raw, 1_000L);
        case TS_MICROS -> raw;
        case TS_NANOS -> Math.floorDiv(raw, 1_000L);
        case DATE -> Math.multiplyExact(raw, 86_400_000_000L);
        case EPOCH_INT64, EPOCH_INT32 -> Timestamps.fromEpoch(raw, format, where);
        default -> throw new IllegalArgumentException(where + ": not a numeric timestamp");
      };
    }
  }
}
