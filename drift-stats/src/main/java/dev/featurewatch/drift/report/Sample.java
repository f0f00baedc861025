package dev.featurewatch.drift.report;

/** The values of one column of a dataset, as compared by {@code DriftAnalyzer}. */
public sealed interface Sample permits NumericSample, CategoricalSample {

  /** The column name. */
  String name();

  /** All rows, missing and invalid ones included. */
  long rows();

  /** Rows without a usable value: nulls, and for numeric columns NaN and infinities. */
  long missing();

  /** Rows whose text could not be read as the column's type. */
  long invalid();

  /** Share of rows that are missing or invalid; 0 for an empty sample. */
  default double missingShare() {
    long rows = rows();
    return rows == 0 ? 0 : (double) (missing() + invalid()) / rows;
  }
}
