package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.ColumnTypes;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Table;
import dev.featurewatch.app.input.Tables;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code featurewatch baseline}: profiles training data into a baseline file. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = "Profile training data (CSV or Arrow) into a baseline file.",
    subcommands = BaselineAttachCommand.class)
public final class BaselineCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  // --input and --out are checked in call(), not by picocli: 'baseline attach' needs neither
  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Training data: CSV with a header, or an Arrow IPC file.")
  private Path input;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the baseline JSON.")
  private Path out;

  @Option(
      names = "--categorical",
      split = ",",
      paramLabel = "COLUMN",
      description = "Columns to treat as categorical even if their values look numeric.")
  private List<String> categorical = new ArrayList<>();

  @Option(
      names = "--bins",
      defaultValue = "10",
      paramLabel = "N",
      description = "Quantile bins per numeric feature (default: ${DEFAULT-VALUE}).")
  private int bins;

  @Option(
      names = "--prediction",
      paramLabel = "COLUMN",
      description =
          "The column of the model's predictions on this data: profiled as the prediction"
              + " distribution that live predictions are compared with, not as a feature.")
  private String prediction;

  @Override
  public Integer call() {
    if (input == null || out == null) {
      throw new InputException(
          "baseline needs --input FILE and --out FILE (or: baseline attach, see --help)");
    }
    if (bins < 1 || bins > 1000) {
      throw new InputException("--bins must be between 1 and 1000: " + bins);
    }
    PrintWriter err = spec.commandLine().getErr();
    Table table = Tables.read(input, ColumnTypes.infer(new HashSet<>(categorical)));
    Reports.warnInvalid(table, err);
    if (table.rows() == 0) {
      throw new InputException(input + ": no data rows after the header: nothing to profile");
    }
    if (prediction != null && table.column(prediction).isEmpty()) {
      throw new InputException(
          input + ": --prediction: no column '" + prediction + "', found " + table.columnNames());
    }
    List<Sample> features =
        table.columns().values().stream().filter(c -> !c.name().equals(prediction)).toList();
    Baseline baseline;
    try {
      Baseline.Builder builder =
          Baselines.fromSamples(
              features, table.rows(), bins, input.getFileName().toString(), Instant.now())
              .toBuilder();
      if (prediction != null) {
        builder.prediction(Baselines.profile(table.column(prediction).orElseThrow(), bins));
      }
      baseline = builder.build();
    } catch (IllegalArgumentException e) {
      throw new InputException(input + ": " + e.getMessage(), e); // data no profile can hold
    }
    try {
      BaselineFile.write(baseline, out);
    } catch (IOException e) {
      throw new InputException(out + ": cannot write the baseline: " + e.getMessage(), e);
    }
    long numeric =
        baseline.features().values().stream().filter(f -> f.type() == FeatureType.NUMERIC).count();
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s: %d features (%d numeric, %d categorical)%s from %d rows of %s%n",
            out,
            baseline.features().size(),
            numeric,
            baseline.features().size() - numeric,
            prediction == null ? "" : " and the predictions of '" + prediction + "'",
            table.rows(),
            input);
    return 0;
  }
}
