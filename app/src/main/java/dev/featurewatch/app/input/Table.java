package dev.featurewatch.app.input;

import dev.featurewatch.drift.report.Sample;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset read from one file: a sample per column, in file order, and where the first value of
 * each column that could not be read as its type was found.
 *
 * @param file the file read
 * @param rows data rows, the header excluded
 * @param columns one sample per column, in file order
 * @param firstInvalid per column with invalid values, where the first one is, like {@code
 *     train.csv:17: column 'age': 'n/a' is not a number}
 * @param rowValues the values row by row of the columns asked for ({@link
 *     ColumnTypes#keepingRows}): a {@link Double} or a {@link String}, null where missing or
 *     invalid
 */
public record Table(
    Path file,
    long rows,
    Map<String, Sample> columns,
    Map<String, String> firstInvalid,
    Map<String, List<Object>> rowValues) {

  public Table {
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    firstInvalid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(firstInvalid));
    rowValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowValues));
  }

  /** Column names in file order. */
  public List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }

  public Optional<Sample> column(String name) {
    return Optional.ofNullable(columns.get(name));
  }
}
