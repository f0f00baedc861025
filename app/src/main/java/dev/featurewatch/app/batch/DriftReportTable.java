package dev.featurewatch.app.batch;

import dev.featurewatch.app.output.Columns;
import dev.featurewatch.drift.method.DatasetDrift;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.method.ScoreKind;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.DriftReport;
import dev.featurewatch.drift.report.FeatureDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable form of a drift report: one aligned row per feature, then the verdict. */
final class DriftReportTable {

  private static final String[] HEADER = {
    "feature",
    "type",
    "method",
    "score",
    "kind",
    "threshold",
    "set",
    "p-value",
    "drift",
    "ref n",
    "cur n",
    "ref missing",
    "cur missing",
    "notes"
  };

  private DriftReportTable() {}

  static String write(DriftReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (FeatureDrift f : report.features()) {
      DriftScore score = f.score();
      rows.add(
          new String[] {
            f.feature(),
            lower(f.type()),
            f.method().id(),
            score.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA ? "-" : number(score.score()),
            f.method().scoreKind() == ScoreKind.P_VALUE ? "p-value" : "distance",
            number(score.threshold()),
            score.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA
                ? "-"
                : score.thresholdSource().id(),
            Double.isNaN(score.pValue()) ? "-" : number(score.pValue()),
            switch (score.verdict()) {
              case DRIFT -> "DRIFT";
              case NO_DRIFT -> "no";
              case INSUFFICIENT_DATA -> "n/a";
            },
            Long.toString(f.reference().values()),
            Long.toString(f.current().values()),
            percent(f.reference().missingShare()),
            percent(f.current().missingShare()),
            notes(f)
          });
    }
    StringBuilder out = new StringBuilder(Columns.aligned(rows));
    out.append('\n').append(verdict(report.dataset())).append('\n');
    return out.toString();
  }

  private static String notes(FeatureDrift f) {
    List<String> notes = new ArrayList<>();
    if (f.score().verdict() == DriftScore.Verdict.INSUFFICIENT_DATA) {
      notes.add(f.score().reason());
    }
    if (f.comparedAs() != f.type()) {
      notes.add("few distinct values, compared as categories");
    }
    if (f.current().invalid() > 0) {
      notes.add(f.current().invalid() + " invalid");
    }
    if (f.outOfRangeShare() > 0) {
      notes.add(percent(f.outOfRangeShare()) + " outside reference range");
    }
    if (f.unseenCount() > 0) {
      notes.add(
          f.unseenCount()
              + " in unseen "
              + (f.unseenCategories().size() == 1 ? "category " : "categories ")
              + String.join(", ", f.unseenCategories())
              + (f.unseenCount() == f.unseenCategories().size()
                      || f.unseenCategories().size()
                          < dev.featurewatch.drift.report.DriftAnalyzer.MAX_UNSEEN_LISTED
                  ? ""
                  : ", ..."));
    }
    return String.join("; ", notes);
  }

  /** The line that says how the verdicts were reached. */
  static String calibration(DriftAnalyzer analyzer, double alpha) {
    return analyzer.calibrated()
        ? String.format(
            Locale.ROOT,
            "Verdicts calibrated at alpha %s per feature, whatever the sample size;"
                + " Benjamini-Hochberg over the features; fewer values than a method needs:"
                + " n/a.%n",
            alpha)
        : String.format(
            Locale.ROOT, "Verdicts at fixed thresholds (Evidently's unless --threshold).%n");
  }

  static String verdict(DatasetDrift dataset) {
    return switch (dataset.verdict()) {
      case INSUFFICIENT_DATA ->
          "Dataset drift: insufficient data (no feature had values on both sides)";
      case DRIFT, NO_DRIFT ->
          String.format(
              Locale.ROOT,
              "Dataset drift: %s: %d of %d features drifted (%s), threshold %s%s",
              dataset.verdict() == DriftScore.Verdict.DRIFT ? "DRIFT" : "no drift",
              dataset.drifted(),
              dataset.judged(),
              percent(dataset.share()),
              percent(dataset.threshold()),
              dataset.insufficient() == 0
                  ? ""
                  : "; " + dataset.insufficient() + " without enough data");
    };
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value != 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6)) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** A share as a percentage; a small but non-zero share shows as "<0.1%", never as 0.0%. */
  private static String percent(double share) {
    if (share > 0 && share < 0.001) {
      return "<0.1%";
    }
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
