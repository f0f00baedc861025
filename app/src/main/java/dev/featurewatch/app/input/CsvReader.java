package dev.featurewatch.app.input;

import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.store.offline.file.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads a CSV file with a header line into a {@link Table}.
 *
 * <p>Columns the {@link ColumnTypes} ignore are skipped, not parsed. Empty fields are nulls. Text
 * in a numeric column is counted as invalid and the first occurrence is reported; a row with more
 * or fewer fields than the header stops the read with the line number.
 */
final class CsvReader {

  private CsvReader() {}

  static Table read(Path file, ColumnTypes types) {
    try (CsvParser parser = new CsvParser(file, Files.newInputStream(file))) {
      if (!parser.next()) {
        throw new InputException(file + ": the file is empty, expected a header line");
      }
      List<String> header = header(file, parser);
      List<String> absent = types.declaredButAbsent(header);
      if (!absent.isEmpty()) {
        throw new InputException(
            file + ": columns declared categorical are not in the header: " + absent);
      }
      types.checkIgnoredPresent(file, header);
      // the header's indexes of the columns read: all but the ignored ones
      int[] read =
          IntStream.range(0, header.size()).filter(c -> !types.ignores(header.get(c))).toArray();
      List<String[]> firstRows = new ArrayList<>();
      List<Long> firstLines = new ArrayList<>();
      while (firstRows.size() < ColumnTypes.INFERENCE_ROWS && parser.next()) {
        checkWidth(file, parser, header.size());
        String[] row = new String[header.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = parser.text(c);
        }
        firstRows.add(row);
        firstLines.add(parser.line());
      }
      long expectedRows = expectedRows(file, firstRows);
      ColumnCollector[] collectors = new ColumnCollector[read.length];
      for (int k = 0; k < collectors.length; k++) {
        int c = read[k];
        List<String> values = new ArrayList<>(firstRows.size());
        for (String[] row : firstRows) {
          values.add(row[c]);
        }
        FeatureType type = types.typeOf(header.get(c), values);
        collectors[k] = ColumnCollector.of(header.get(c), type, expectedRows);
        if (types.keepsRows(header.get(c))) {
          collectors[k].keepRows();
        }
      }
      long rows = 0;
      for (int r = 0; r < firstRows.size(); r++) {
        for (int k = 0; k < collectors.length; k++) {
          byte[] field = firstRows.get(r)[read[k]].getBytes(StandardCharsets.UTF_8);
          add(file, firstLines.get(r), collectors[k], field, 0, field.length);
        }
        rows++;
      }
      while (parser.next()) {
        checkWidth(file, parser, header.size());
        byte[] buf = parser.buffer();
        for (int k = 0; k < collectors.length; k++) {
          int c = read[k];
          add(file, parser.line(), collectors[k], buf, parser.start(c), parser.end(c));
        }
        rows++;
      }
      return ColumnCollector.table(file, rows, collectors);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The file's rows, estimated from its size and the length of its first rows, with 5% to spare:
   * exact enough to size the value arrays once for files whose rows are alike.
   */
  private static long expectedRows(Path file, List<String[]> firstRows) throws IOException {
    if (firstRows.isEmpty()) {
      return 0;
    }
    long bytes = 0;
    for (String[] row : firstRows) {
      for (String field : row) {
        bytes += field.length() + 1; // the comma or the line end
      }
    }
    return (long) (Files.size(file) / ((double) bytes / firstRows.size()) * 1.05);
  }

  private static List<String> header(Path file, CsvParser parser) {
    List<String> names = new ArrayList<>(parser.fieldCount());
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < parser.fieldCount(); c++) {
      String name = parser.text(c).strip();
      if (name.indexOf('\r') >= 0) {
        throw InputException.at(
            file,
            parser.line(),
            "the header holds a carriage return without a line feed: lines end with a bare CR"
                + " (old Mac style); convert the file to LF or CRLF line ends");
      }
      if (name.isEmpty()) {
        throw InputException.at(file, parser.line(), "header column " + (c + 1) + " has no name");
      }
      if (!seen.add(name)) {
        throw InputException.at(
            file, parser.line(), "header column " + (c + 1) + " repeats the name '" + name + "'");
      }
      names.add(name);
    }
    return names;
  }

  private static void checkWidth(Path file, CsvParser parser, int expected) {
    if (parser.fieldCount() != expected) {
      throw InputException.at(
          file,
          parser.line(),
          "expected "
              + expected
              + " fields as in the header, found "
              + parser.fieldCount()
              + " (ragged row)");
    }
  }

  private static void add(
      Path file, long line, ColumnCollector collector, byte[] buf, int start, int end) {
    if (start == end) {
      collector.addNull();
      return;
    }
    if (collector instanceof ColumnCollector.Numeric numeric) {
      if (!numeric.add(NumberParser.parse(buf, start, end)) && collector.firstInvalid() == null) {
        collector.noteInvalid(
            file
                + ":"
                + line
                + ": column '"
                + collector.name
                + "': '"
                + new String(buf, start, end - start, StandardCharsets.UTF_8)
                + "' is not a number");
      }
    } else {
      ((ColumnCollector.Categorical) collector)
          .add(new String(buf, start, end - start, StandardCharsets.UTF_8));
    }
  }
}
