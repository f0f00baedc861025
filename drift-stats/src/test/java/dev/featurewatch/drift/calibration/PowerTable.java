package dev.featurewatch.drift.calibration;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.report.DriftAnalyzer;
import java.util.SplittableRandom;

/**
 * Prints the power table of BENCHMARKS.md: the share of windows whose calibrated verdict (α = 0.01)
 * says drift, by method, mean shift (in reference standard deviations) and window size, for a
 * normal feature against a baseline of 10,000 rows (or the second argument's). Seeded; a shift of 0
 * is the false-alarm share.
 *
 * <pre>
 * ./mvnw -q -pl drift-stats test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp drift-stats/target/classes:drift-stats/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.featurewatch.drift.calibration.PowerTable 200 [BASELINE_ROWS]
 * </pre>
 */
public final class PowerTable {

  private PowerTable() {}

  public static void main(String[] args) {
    int windows = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int baselineRows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int[] sizes = {20, 50, 200, 1000, 5000, 50_000};
    double[] shifts = {0, 0.1, 0.25, 0.5, 1.0};
    StationaryStreams.Numeric normal =
        new StationaryStreams.Numeric("x", StationaryStreams::normal);
    FeatureProfile baseline = normal.reference(baselineRows, new SplittableRandom(1));
    DriftMethod[] methods = {
      DriftMethod.WASSERSTEIN,
      DriftMethod.KS,
      DriftMethod.PSI,
      DriftMethod.JENSEN_SHANNON,
      DriftMethod.HELLINGER,
      DriftMethod.TOTAL_VARIATION,
      DriftMethod.CHI_SQUARE
    };
    StringBuilder header = new StringBuilder("| method | shift (sd) |");
    StringBuilder rule = new StringBuilder("| --- | --- |");
    for (int n : sizes) {
      header.append(' ').append(n).append(" |");
      rule.append(" ---: |");
    }
    System.out.println(header);
    System.out.println(rule);
    for (DriftMethod method : methods) {
      DriftAnalyzer analyzer =
          DriftAnalyzer.builder().method(method).alpha(0.01).falseDiscoveryControl(false).build();
      for (double shift : shifts) {
        StringBuilder row = new StringBuilder("| " + method.id() + " | " + shift + " |");
        for (int n : sizes) {
          SplittableRandom random = new SplittableRandom(31L * n + (long) (shift * 1000));
          int drift = 0;
          int judged = 0;
          for (int w = 0; w < windows; w++) {
            NumericAccumulator acc = NumericAccumulator.alignedTo((NumericProfile) baseline);
            for (int i = 0; i < n; i++) {
              acc.add(StationaryStreams.normal(random) + shift);
            }
            Verdict v = analyzer.compare(baseline, acc.toProfile()).score().verdict();
            judged += v == Verdict.INSUFFICIENT_DATA ? 0 : 1;
            drift += v == Verdict.DRIFT ? 1 : 0;
          }
          row.append(judged == 0 ? " n/a |" : String.format(" %.2f |", (double) drift / judged));
        }
        System.out.println(row);
      }
    }
  }
}
