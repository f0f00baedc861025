package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.ColumnTypes;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Table;
import dev.featurewatch.app.input.Tables;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code featurewatch baseline}: profiles training data into a baseline file. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = "Profile training data (CSV, Arrow IPC or Parquet) into a baseline file.",
    subcommands = BaselineAttachCommand.class)
public final class BaselineCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  // --input and --out are checked in call(), not by picocli: 'baseline attach' needs neither
  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Training data: CSV with a header, an Arrow IPC file or a Parquet file.")
  private Path input;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the baseline JSON.")
  private Path out;

  @Option(
      names = "--categorical",
      split = ",",
      paramLabel = "COLUMN",
      description = "Columns to treat as categorical even if their values look numeric.")
  private List<String> categorical = new ArrayList<>();

  @Mixin private IgnoreOption ignore;

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

  @Option(
      names = "--multivariate",
      description =
          "Fit the features' PCA reconstruction model, for multivariate drift (a change in how"
              + " features move together; categorical ones encoded by their share, as NannyML"
              + " does): reads the input a second time, keeping the features row by row.")
  private boolean multivariate;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description =
          "The column of the true outcomes (with --prediction): the model's performance on this"
              + " data is recorded in the baseline, for the monitor to compare live windows with.")
  private String label;

  @Option(
      names = "--prediction-kind",
      paramLabel = "KIND",
      description =
          "binary_probability, class_label or regression (default: from the columns: numbers with"
              + " 0/1 labels are probabilities, other numbers regression values, text classes).")
  private String predictionKind;

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      paramLabel = "P",
      description =
          "A binary model's decision threshold, for accuracy, precision and recall (default:"
              + " ${DEFAULT-VALUE}).")
  private double threshold;

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
    if (label != null && prediction == null) {
      throw new InputException("--label needs --prediction: performance compares the two");
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new InputException("--threshold must be between 0 and 1: " + threshold);
    }
    ColumnTypes types = ColumnTypes.infer(new HashSet<>(categorical)).withIgnored(ignore.columns());
    if (label != null) {
      types = types.keepingRows(Set.of(prediction, label));
    }
    Table table = Tables.read(input, types);
    Reports.warnInvalid(table, err);
    if (table.rows() == 0) {
      throw new InputException(input + ": no data rows after the header: nothing to profile");
    }
    if (prediction != null && table.column(prediction).isEmpty()) {
      throw new InputException(
          input + ": --prediction: no column '" + prediction + "', found " + table.columnNames());
    }
    if (label != null && table.column(label).isEmpty()) {
      throw new InputException(
          input + ": --label: no column '" + label + "', found " + table.columnNames());
    }
    List<Sample> features =
        table.columns().values().stream()
            .filter(c -> !c.name().equals(prediction) && !c.name().equals(label))
            .toList();
    TrainingPerformance.Result performance = null;
    if (label != null) {
      List<Object> predictions = table.rowValues().get(prediction);
      List<Object> labels = table.rowValues().get(label);
      TrainingPerformance.Kind kind =
          predictionKind != null
              ? TrainingPerformance.Kind.of(predictionKind)
              : TrainingPerformance.infer(predictions, labels);
      performance =
          TrainingPerformance.of(
              kind,
              threshold,
              predictions,
              labels,
              input + " (--prediction " + prediction + ", --label " + label + ")");
    }
    Baseline baseline;
    try {
      Baseline.Builder builder =
          Baselines.fromSamples(
              features, table.rows(), bins, input.getFileName().toString(), Instant.now())
              .toBuilder();
      if (prediction != null) {
        builder.prediction(Baselines.profile(table.column(prediction).orElseThrow(), bins));
      }
      if (multivariate) {
        builder.multivariate(multivariateModel(features, types));
      }
      if (performance != null) {
        performance.metrics().forEach(builder::performance);
        if (performance.calibration() != null) {
          builder.calibration(performance.calibration());
        }
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
    if (performance != null) {
      spec.commandLine()
          .getOut()
          .printf(
              "training performance on %d labelled rows%s: %s%n",
              performance.labelled(),
              performance.left() == 0
                  ? ""
                  : " (" + performance.left() + " without a prediction or a label left out)",
              performance.metrics().entrySet().stream()
                  .map(
                      e ->
                          String.format(
                              java.util.Locale.ROOT, "%s=%.4f", e.getKey().id(), e.getValue()))
                  .collect(java.util.stream.Collectors.joining(" ")));
    }
    return 0;
  }

  /**
   * The features' reconstruction model, from their values row by row (the input read again keeping
   * them): numbers, with a missing or invalid one imputed with the mean, and categories, a missing
   * one imputed with the most frequent.
   */
  private ReconstructionDrift multivariateModel(List<Sample> features, ColumnTypes types) {
    List<String> names = features.stream().map(Sample::name).toList();
    if (names.size() < 2) {
      throw new InputException(
          input + ": --multivariate needs at least 2 features, found " + names);
    }
    Set<String> categorical = new HashSet<>();
    features.stream()
        .filter(f -> f instanceof CategoricalSample)
        .forEach(f -> categorical.add(f.name()));
    Table rows = Tables.read(input, types.keepingRows(new HashSet<>(names)));
    Object[][] values = new Object[(int) rows.rows()][names.size()];
    for (int j = 0; j < names.size(); j++) {
      List<Object> column = rows.rowValues().get(names.get(j));
      for (int i = 0; i < values.length; i++) {
        values[i][j] = column.get(i);
      }
    }
    if (values.length < 4) {
      throw new InputException(
          input + ": --multivariate needs at least 4 rows, found " + values.length);
    }
    return ReconstructionDrift.fit(names, categorical, values);
  }
}
