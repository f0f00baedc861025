package dev.featurewatch.app.output;

import java.util.List;

/** Rows of text printed as aligned columns, the way the commands print their tables. */
public final class Columns {

  private Columns() {}

  /**
   * The rows, each cell padded to its column's widest, columns two spaces apart, one line each
   * ending in {@code \n} without trailing spaces.
   */
  public static String aligned(List<String[]> rows) {
    int[] widths = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
