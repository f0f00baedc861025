package dev.featurewatch.app.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.batch.FeatureDistributions.Distribution;
import dev.featurewatch.app.input.ColumnTypes;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Table;
import dev.featurewatch.app.input.Tables;
import dev.featurewatch.app.output.ReportFiles;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.DriftReport;
import dev.featurewatch.drift.report.FeatureDrift;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code featurewatch drift}: compares a current dataset with a reference dataset or baseline. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Compare current data with a reference or a baseline, per feature.")
public final class DriftCommand implements Callable<Integer> {

  /** Exit status when the dataset drifted and {@code --fail-on-drift} was given. */
  public static final int EXIT_DRIFT = 1;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Reference reference;

  static final class Reference {
    @Option(
        names = "--reference",
        paramLabel = "FILE",
        description =
            "Reference data (CSV, Arrow IPC or Parquet): drift by the exact methods on raw"
                + " values.")
    Path file;

    @Option(
        names = "--baseline",
        paramLabel = "FILE",
        description = "A baseline from 'featurewatch baseline': drift from its profiles.")
    Path baseline;
  }

  @Option(
      names = "--current",
      required = true,
      paramLabel = "FILE",
      description = "Current data (CSV, Arrow IPC or Parquet).")
  private Path current;

  @Option(
      names = "--method",
      defaultValue = "auto",
      paramLabel = "METHOD",
      description =
          "auto (per feature, by type and size), ks, chisquare, ztest, wasserstein, psi, kl,"
              + " jensenshannon, hellinger or tvd (default: ${DEFAULT-VALUE}).")
  private String method;

  @Option(
      names = "--threshold",
      paramLabel = "X",
      description =
          "Drift threshold of the chosen method: a p-value or a distance (needs --method).")
  private Double threshold;

  @Option(
      names = "--alpha",
      defaultValue = "0.01",
      paramLabel = "A",
      description =
          "False-alarm probability of each feature's verdict, whatever the data's size: thresholds"
              + " are calibrated to it, and Benjamini-Hochberg holds the features' false-discovery"
              + " rate at it (default: ${DEFAULT-VALUE}).")
  private double alpha;

  @Option(
      names = "--fixed-thresholds",
      description =
          "Each method's fixed threshold (Evidently's, or --threshold) instead of calibrated ones,"
              + " with no minimum sample and no false-discovery control: to compare with"
              + " Evidently.")
  private boolean fixedThresholds;

  @Option(
      names = "--min-samples",
      paramLabel = "N",
      description =
          "Values the current data needs per feature for a verdict (default: 20, 50 for psi and"
              + " kl).")
  private Integer minSamples;

  @Option(
      names = "--floor",
      paramLabel = "X",
      description =
          "Effect-size floor of the chosen method's calibrated verdicts, in its units: no drift"
              + " below it (needs --method).")
  private Double floor;

  @Option(
      names = "--dataset-threshold",
      defaultValue = "0.5",
      paramLabel = "SHARE",
      description = "Share of drifted features at which the dataset drifted (default: 0.5).")
  private double datasetThreshold;

  @Option(
      names = "--categorical",
      split = ",",
      paramLabel = "COLUMN",
      description = "With --reference: columns to treat as categorical though numeric-looking.")
  private List<String> categorical = new ArrayList<>();

  @Mixin private IgnoreOption ignore;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table, json, or html: one self-contained page with each feature's distributions on"
              + " both sides (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private Path out;

  @Option(
      names = "--timings",
      description = "Print how long reading, comparing and reporting took, to standard error.")
  private boolean timings;

  @Option(names = "--fail-on-drift", description = "Exit with status 1 when the dataset drifted.")
  private boolean failOnDrift;

  @Override
  public Integer call() {
    DriftAnalyzer analyzer = analyzer();
    if (!List.of("table", "json", "html").contains(format)) {
      throw new InputException("--format must be table, json or html: " + format);
    }
    boolean asHtml = format.equals("html");
    if (reference.baseline != null && !categorical.isEmpty()) {
      throw new InputException(
          "--categorical is for --reference: with --baseline the baseline says each type");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Stopwatch clock = new Stopwatch();
    DriftReport report;
    String text;
    if (reference.file != null) {
      Table[] tables = readBoth();
      Reports.warnInvalid(tables[0], err);
      Reports.warnInvalid(tables[1], err);
      checkSameColumns(tables[0], tables[1]);
      clock.lap("read");
      report =
          compare(
              () ->
                  analyzer.compare(
                      List.copyOf(tables[0].columns().values()),
                      List.copyOf(tables[1].columns().values())));
      clock.lap("compare");
      ObjectNode tree =
          DriftReportJson.tree(
              report,
              DriftReportJson.source("data", reference.file.toString(), tables[0].rows()),
              DriftReportJson.source("data", current.toString(), tables[1].rows()),
              tables[1].firstInvalid());
      Map<String, Distribution> distributions = new HashMap<>();
      if (asHtml) {
        for (FeatureDrift feature : report.features()) {
          FeatureDistributions.of(
                  feature,
                  tables[0].columns().get(feature.feature()),
                  tables[1].columns().get(feature.feature()))
              .ifPresent(d -> distributions.put(feature.feature(), d));
        }
      }
      text = render(tree, distributions, report, analyzer);
    } else {
      Baseline baseline = readBaseline(reference.baseline);
      Map<String, FeatureType> types = new LinkedHashMap<>();
      baseline.features().forEach((name, profile) -> types.put(name, profile.type()));
      Table table = Tables.read(current, ColumnTypes.fixed(types).withIgnored(ignore.columns()));
      Reports.warnInvalid(table, err);
      List<String> onlyBaseline =
          types.keySet().stream().filter(n -> !table.columns().containsKey(n)).toList();
      List<String> onlyCurrent =
          table.columnNames().stream().filter(n -> !types.containsKey(n)).toList();
      if (!onlyBaseline.isEmpty() || !onlyCurrent.isEmpty()) {
        throw new InputException(
            "columns present in one input but not the other: only in "
                + reference.baseline
                + ": "
                + onlyBaseline
                + ", only in "
                + current
                + ": "
                + onlyCurrent);
      }
      clock.lap("read");
      report = compare(() -> analyzer.compare(baseline, List.copyOf(table.columns().values())));
      clock.lap("compare");
      ObjectNode tree =
          DriftReportJson.tree(
              report,
              DriftReportJson.source(
                  "baseline", reference.baseline.toString(), baseline.rowCount()),
              DriftReportJson.source("data", current.toString(), table.rows()),
              table.firstInvalid());
      Map<String, Distribution> distributions = new HashMap<>();
      if (asHtml) {
        for (FeatureDrift feature : report.features()) {
          baseline
              .feature(feature.feature())
              .flatMap(
                  profile ->
                      FeatureDistributions.of(
                          feature, profile, table.columns().get(feature.feature())))
              .ifPresent(d -> distributions.put(feature.feature(), d));
        }
      }
      text = render(tree, distributions, report, analyzer);
    }
    if (this.out != null) {
      ReportFiles.write(this.out, text);
      err.println("featurewatch: wrote the drift report to " + this.out);
      err.flush();
    } else {
      out.print(text);
      out.flush();
    }
    clock.lap("report");
    if (timings) {
      err.println("featurewatch: timings: " + clock);
      err.flush();
    }
    return failOnDrift && report.dataset().verdict() == DriftScore.Verdict.DRIFT ? EXIT_DRIFT : 0;
  }

  /** The report in the chosen format. */
  private String render(
      ObjectNode tree,
      Map<String, Distribution> distributions,
      DriftReport report,
      DriftAnalyzer analyzer) {
    String calibration = DriftReportTable.calibration(analyzer, alpha);
    return switch (format) {
      case "json" -> DriftReportJson.text(tree) + "\n";
      case "html" -> DriftReportHtml.write(tree, distributions, calibration, Instant.now());
      default -> DriftReportTable.write(report) + calibration;
    };
  }

  /**
   * Runs a comparison; the analyzer's argument errors (a method that does not fit the data) are the
   * user's to fix, so they become bad input with the analyzer's message.
   */
  private static DriftReport compare(java.util.function.Supplier<DriftReport> comparison) {
    try {
      return comparison.get();
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  private DriftAnalyzer analyzer() {
    DriftAnalyzer.Builder builder = DriftAnalyzer.builder();
    if (!method.equals("auto")) {
      try {
        builder.method(DriftMethod.fromId(method));
      } catch (IllegalArgumentException e) {
        throw new InputException("--method: " + e.getMessage() + ", or auto");
      }
    } else if (threshold != null) {
      throw new InputException(
          "--threshold needs --method: auto mixes p-values and distances, found --threshold "
              + threshold);
    }
    if (fixedThresholds && (minSamples != null || floor != null)) {
      throw new InputException(
          "--min-samples and --floor are for calibrated verdicts, not with --fixed-thresholds");
    }
    if (floor != null && method.equals("auto")) {
      throw new InputException(
          "--floor needs --method: auto mixes p-values and distances, found --floor " + floor);
    }
    try {
      if (threshold != null) {
        builder.threshold(threshold);
      }
      if (!fixedThresholds) {
        builder.alpha(alpha);
        if (minSamples != null) {
          builder.minSamples(minSamples);
        }
        if (floor != null) {
          builder.floor(floor);
        }
      }
      return builder.datasetThreshold(datasetThreshold).build();
    } catch (IllegalArgumentException e) {
      throw new InputException(
          "--threshold/--alpha/--min-samples/--floor/--dataset-threshold: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the two files at once, each inferring its column types; if they disagree on a column's
   * type, the current file is read again with the reference's types, which win.
   */
  private Table[] readBoth() {
    ColumnTypes types = ColumnTypes.infer(new HashSet<>(categorical)).withIgnored(ignore.columns());
    CompletableFuture<Table> currentRead =
        CompletableFuture.supplyAsync(() -> Tables.read(current, types));
    Table ref = Tables.read(reference.file, types);
    if (ref.rows() == 0) {
      throw new InputException(
          reference.file + ": no data rows after the header: nothing to compare with");
    }
    Table cur;
    try {
      cur = currentRead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    Map<String, FeatureType> refTypes = new LinkedHashMap<>();
    ref.columns().forEach((name, sample) -> refTypes.put(name, typeOf(sample)));
    boolean agree =
        cur.columns().entrySet().stream()
            .allMatch(
                e ->
                    Optional.ofNullable(refTypes.get(e.getKey()))
                        .map(t -> t == typeOf(e.getValue()))
                        .orElse(true));
    if (!agree && cur.rows() > 0) {
      PrintWriter err = spec.commandLine().getErr();
      for (Map.Entry<String, Sample> e : cur.columns().entrySet()) {
        FeatureType refType = refTypes.get(e.getKey());
        FeatureType curType = typeOf(e.getValue());
        if (refType != null && refType != curType) {
          err.printf(
              "featurewatch: warning: column '%s' is %s in %s but looks %s in %s: read as %s,"
                  + " as in the reference%n",
              e.getKey(), lower(refType), reference.file, lower(curType), current, lower(refType));
        }
      }
      err.flush();
    }
    if (!agree) {
      cur = Tables.read(current, ColumnTypes.fixed(refTypes).withIgnored(ignore.columns()));
    }
    return new Table[] {ref, cur};
  }

  private void checkSameColumns(Table ref, Table cur) {
    Set<String> refNames = ref.columns().keySet();
    Set<String> curNames = cur.columns().keySet();
    List<String> onlyRef = refNames.stream().filter(n -> !curNames.contains(n)).toList();
    List<String> onlyCur = curNames.stream().filter(n -> !refNames.contains(n)).toList();
    if (!onlyRef.isEmpty() || !onlyCur.isEmpty()) {
      throw new InputException(
          "columns present in one file but not the other: only in "
              + ref.file()
              + ": "
              + onlyRef
              + ", only in "
              + cur.file()
              + ": "
              + onlyCur);
    }
  }

  private static String lower(FeatureType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static FeatureType typeOf(Sample sample) {
    return sample instanceof NumericSample ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
  }

  private static Baseline readBaseline(Path file) {
    try {
      return BaselineFile.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      String message = e.getMessage();
      throw new InputException(
          message != null && message.startsWith(file.toString()) ? message : file + ": " + message,
          e);
    }
  }
}
