package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.Table;
import dev.featurewatch.drift.report.Sample;
import java.io.PrintWriter;
import java.util.Map;

/** Messages about the input that batch commands print to standard error. */
final class Reports {

  private Reports() {}

  /** One line per column with values that could not be read: where the first was, and how many. */
  static void warnInvalid(Table table, PrintWriter err) {
    for (Map.Entry<String, String> e : table.firstInvalid().entrySet()) {
      Sample column = table.columns().get(e.getKey());
      long invalid = column.invalid();
      err.printf(
          "featurewatch: warning: %s (%d invalid %s in this column, left out)%n",
          e.getValue(), invalid, invalid == 1 ? "value" : "values");
    }
    err.flush();
  }
}
