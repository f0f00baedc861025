package dev.featurewatch.app.input;

import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the values of one column as they are read. Mutable and single-threaded: one per column
 * per reader.
 */
abstract sealed class ColumnCollector {

  final String name;
  private String firstInvalid;
  // the values row by row (null where missing or invalid), when asked for; else null
  private List<Object> rowValues;

  ColumnCollector(String name) {
    this.name = name;
  }

  /**
   * @param expectedRows a guess of the column's length, so that a numeric column's array is sized
   *     once instead of grown and copied many times; any value works
   */
  static ColumnCollector of(String name, FeatureType type, long expectedRows) {
    return type == FeatureType.NUMERIC
        ? new Numeric(name, (int) Math.min(Math.max(expectedRows, 1024), Integer.MAX_VALUE - 8))
        : new Categorical(name);
  }

  /**
   * The table of a whole file read into {@code collectors}, in the file's column order: their
   * samples, where each column's first invalid value was, and the values kept row by row.
   */
  static Table table(Path file, long rows, ColumnCollector[] collectors) {
    Map<String, Sample> columns = new LinkedHashMap<>();
    Map<String, String> firstInvalid = new LinkedHashMap<>();
    Map<String, List<Object>> rowValues = new LinkedHashMap<>();
    for (ColumnCollector collector : collectors) {
      columns.put(collector.name, collector.toSample());
      if (collector.firstInvalid != null) {
        firstInvalid.put(collector.name, collector.firstInvalid);
      }
      if (collector.rowValues != null) {
        rowValues.put(collector.name, collector.rowValues);
      }
    }
    return new Table(file, rows, columns, firstInvalid, rowValues);
  }

  /** Keeps the values row by row too, from now on. */
  final void keepRows() {
    rowValues = new ArrayList<>();
  }

  final void keep(Object value) {
    if (rowValues != null) {
      rowValues.add(value);
    }
  }

  abstract void addNull();

  abstract Sample toSample();

  /** Remembers where the first invalid value was, for the report. */
  final void noteInvalid(String where) {
    if (firstInvalid == null) {
      firstInvalid = where;
    }
  }

  final String firstInvalid() {
    return firstInvalid;
  }

  static final class Numeric extends ColumnCollector {
    private double[] values;
    private int size;
    private long nulls;
    private long nan;
    private long positiveInfinity;
    private long negativeInfinity;
    private long invalid;

    Numeric(String name, int capacity) {
      super(name);
      values = new double[capacity];
    }

    @Override
    void addNull() {
      nulls++;
      keep(null);
    }

    /** Adds a parsed value; returns false if it was {@link NumberParser#INVALID}. */
    boolean add(double value) {
      keep(Double.isFinite(value) ? value : null);
      if (Double.isFinite(value)) {
        if (size == values.length) {
          values =
              Arrays.copyOf(values, (int) Math.min(size + (size >> 1) + 1L, Integer.MAX_VALUE - 8));
        }
        values[size++] = value;
      } else if (NumberParser.isInvalid(value)) {
        invalid++;
        return false;
      } else if (Double.isNaN(value)) {
        nan++;
      } else if (value > 0) {
        positiveInfinity++;
      } else {
        negativeInfinity++;
      }
      return true;
    }

    @Override
    Sample toSample() {
      return new NumericSample(
          name,
          Arrays.copyOf(values, size),
          new MissingCounts(nulls, nan, positiveInfinity, negativeInfinity),
          invalid);
    }
  }

  static final class Categorical extends ColumnCollector {
    // insertion-ordered so that reports list categories in the order first seen
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private long nulls;

    Categorical(String name) {
      super(name);
    }

    @Override
    void addNull() {
      nulls++;
      keep(null);
    }

    void add(String category) {
      keep(category);
      counts.computeIfAbsent(category, k -> new long[1])[0]++;
    }

    @Override
    Sample toSample() {
      Map<String, Long> ordered = new LinkedHashMap<>();
      counts.forEach((k, v) -> ordered.put(k, v[0]));
      return new CategoricalSample(name, ordered, nulls);
    }
  }
}
