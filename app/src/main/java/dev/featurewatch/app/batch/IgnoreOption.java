package dev.featurewatch.app.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --ignore COLUMN[,COLUMN...]}, for the commands that read dataset files. */
public final class IgnoreOption {

  @Option(
      names = "--ignore",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "Columns not to read at all, whatever their type: join keys, event timestamps (as in"
              + " 'historical' output). Each must be a column of every file read.")
  private List<String> columns = new ArrayList<>();

  /** The columns to leave out, for {@code ColumnTypes.withIgnored}. */
  Set<String> columns() {
    return new HashSet<>(columns);
  }
}
