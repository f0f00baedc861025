package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A CSV file source: a header row naming the columns, then one row per line. An empty field is a
 * null. Numbers are read as Java reads them; bools as {@code true}/{@code false} (any case) or
 * {@code 1}/{@code 0}; timestamps as the source's {@code timestamp_format} says.
 */
final class CsvBatches extends RowBatches {

  private final CsvParser parser;
  private final int[] positions;
  private final int width;

  private CsvBatches(Path file, SourceLayout layout, char delimiter, BufferAllocator allocator)
      throws IOException {
    super(file, layout, allocator);
    this.parser = new CsvParser(file, Files.newInputStream(file), delimiter);
    if (!parser.next()) {
      parser.close();
      throw new FileDataException(file + ": the file is empty, expected a header line");
    }
    List<String> header = new ArrayList<>();
    for (int i = 0; i < parser.fieldCount(); i++) {
      header.add(parser.text(i).trim());
    }
    this.width = header.size();
    this.positions = new int[columnCount()];
    for (int c = 0; c < positions.length; c++) {
      String name = sourceColumn(c);
      positions[c] = name.isEmpty() ? -1 : header.indexOf(name);
      if (positions[c] < 0 && !name.isEmpty()) {
        if (c >= layout.joinKeys().size() + 2 && layout.missingFeaturesAreNull()) {
          continue;
        }
        parser.close();
        String hint =
            header.size() == 1 && delimiter != ';' && header.get(0).contains(";")
                ? "; the header is one column: is the delimiter ';'? (set the source's delimiter)"
                : header.size() == 1 && header.get(0).contains("\t")
                    ? "; the header is one column: is the delimiter a tab? (delimiter: \"\\t\")"
                    : "";
        throw FileDataException.column(
            file,
            name,
            "missing: the "
                + layout.role(name)
                + " must be a column of the header, which has "
                + header
                + hint);
      }
    }
  }

  static CsvBatches open(Path file, SourceLayout layout, char delimiter, BufferAllocator a) {
    try {
      return new CsvBatches(file, layout, delimiter, a);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    }
  }

  @Override
  boolean readRow(Object[] values) {
    try {
      if (!parser.next()) {
        return false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file() + ": cannot be read", e);
    }
    if (parser.fieldCount() != width) {
      throw new FileDataException(
          where()
              + ": expected "
              + width
              + " fields as in the header, found "
              + parser.fieldCount());
    }
    for (int c = 0; c < values.length; c++) {
      int position = positions[c];
      if (position < 0) {
        values[c] = null;
        continue;
      }
      String text = parser.text(position);
      values[c] = text.isEmpty() ? null : value(text, c);
    }
    return true;
  }

  private Object value(String text, int column) {
    ValueType type = type(column);
    String name = sourceColumn(column);
    String where = where() + ": column '" + name + "'";
    try {
      return switch (type) {
        case INT64 -> Long.parseLong(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case STRING -> text;
        case BOOL -> bool(text.trim());
        case TIMESTAMP -> {
          long micros = Timestamps.fromText(text, layout().timestampFormat(), where);
          yield column < layout().joinKeys().size() + 2 ? (Object) micros : Times.instant(micros);
        }
        case DOUBLE_LIST -> throw new NumberFormatException("list<double> is not read from CSV");
      };
    } catch (NumberFormatException e) {
      throw new FileDataException(
          where
              + ": the "
              + layout().role(name)
              + " must be "
              + type.id()
              + ", found '"
              + (text.length() <= 40 ? text : text.substring(0, 37) + "...")
              + "'");
    } catch (FileDataException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new FileDataException(e.getMessage(), e);
    }
  }

  private static Boolean bool(String text) {
    if (text.equalsIgnoreCase("true") || text.equals("1")) {
      return true;
    }
    if (text.equalsIgnoreCase("false") || text.equals("0")) {
      return false;
    }
    throw new NumberFormatException(text);
  }

  @Override
  String where() {
    return file() + ":" + parser.line();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file() + ": cannot be closed", e);
    } finally {
      super.close();
    }
  }
}
