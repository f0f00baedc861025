package dev.featurewatch.app.input;

import dev.featurewatch.drift.profile.FeatureType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether each column of a file is numeric or categorical: from a type fixed elsewhere (a
 * baseline, the reference file), from the user's list of categorical columns, or else from the
 * values of the first rows; and which columns are not read at all ({@link #withIgnored}), like a
 * training set's join keys and event timestamps. Immutable.
 */
public final class ColumnTypes {

  /** Rows looked at to infer a column's type. */
  static final int INFERENCE_ROWS = 1000;

  /**
   * A column is inferred numeric when more than this share of its non-empty values in the first
   * rows are numbers: a majority, so that typos and placeholders like "n/a" don't turn a numeric
   * column into a categorical one, even in a small file (they are counted as invalid and reported
   * instead). Codes that look numeric, like zip codes, are declared categorical by the user.
   */
  static final double NUMERIC_SHARE = 0.5;

  private final Map<String, FeatureType> fixed;
  private final Set<String> categorical;
  private final Set<String> rowOrder;
  private final Set<String> ignored;

  private ColumnTypes(
      Map<String, FeatureType> fixed,
      Set<String> categorical,
      Set<String> rowOrder,
      Set<String> ignored) {
    this.fixed = Map.copyOf(fixed);
    this.categorical = Set.copyOf(categorical);
    this.rowOrder = Set.copyOf(rowOrder);
    this.ignored = Set.copyOf(ignored);
  }

  /** Infers every column's type, except those named, which are categorical. */
  public static ColumnTypes infer(Set<String> categorical) {
    return new ColumnTypes(Map.of(), categorical, Set.of(), Set.of());
  }

  /** Uses the given types; columns not given are inferred. */
  public static ColumnTypes fixed(Map<String, FeatureType> types) {
    return new ColumnTypes(types, Set.of(), Set.of(), Set.of());
  }

  /**
   * These types, and {@code columns} left out of the table: not read, whatever their type, and not
   * in the {@link Table}. Each must be a column of the file ({@link #checkIgnoredPresent}).
   */
  public ColumnTypes withIgnored(Set<String> columns) {
    return new ColumnTypes(fixed, categorical, rowOrder, columns);
  }

  /** Whether {@code column} is left out: not read and not in the table. */
  boolean ignores(String column) {
    return ignored.contains(column);
  }

  /**
   * Throws naming the file, the ignored columns it does not have and the columns it has, if any: a
   * misspelt name would otherwise profile the column it was meant to leave out.
   */
  void checkIgnoredPresent(Path file, List<String> columns) {
    List<String> absent = ignored.stream().filter(c -> !columns.contains(c)).sorted().toList();
    if (!absent.isEmpty()) {
      throw new InputException(
          file + ": columns to ignore are not in the file: " + absent + ", found " + columns);
    }
  }

  /**
   * These types, and the values of {@code columns} kept row by row besides ({@link
   * Table#rowValues}), for what pairs values of one row: a model's prediction and its label.
   */
  public ColumnTypes keepingRows(Set<String> columns) {
    return new ColumnTypes(fixed, categorical, columns, ignored);
  }

  /** Whether {@code column}'s values are kept row by row. */
  boolean keepsRows(String column) {
    return rowOrder.contains(column);
  }

  /** The columns declared categorical that are not in the header, for an error message. */
  List<String> declaredButAbsent(List<String> header) {
    return categorical.stream().filter(c -> !header.contains(c)).sorted().toList();
  }

  /** True when the column's type was given, not to be inferred. */
  boolean isExplicit(String column) {
    return fixed.containsKey(column) || categorical.contains(column);
  }

  FeatureType typeOf(String column, List<String> firstValues) {
    FeatureType given = fixed.get(column);
    if (given != null) {
      return given;
    }
    if (categorical.contains(column)) {
      return FeatureType.CATEGORICAL;
    }
    long nonEmpty = 0;
    long numbers = 0;
    for (String v : firstValues) {
      if (v == null || v.isEmpty()) {
        continue;
      }
      nonEmpty++;
      byte[] bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (!NumberParser.isInvalid(NumberParser.parse(bytes, 0, bytes.length))) {
        numbers++;
      }
    }
    // an all-empty column has nothing to say: numeric, so that it reports as all missing
    return nonEmpty == 0 || numbers > NUMERIC_SHARE * nonEmpty
        ? FeatureType.NUMERIC
        : FeatureType.CATEGORICAL;
  }
}
