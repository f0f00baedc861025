package dev.featurewatch.monitoring.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.drift.calibration.FalseDiscovery;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One window's results of several series of a model version (its segments) judged as one
 * false-discovery family: Benjamini–Hochberg at α over every calibrated verdict of every series, so
 * that the chance any of them says {@code drift} when nothing changed stays at α however many
 * features and segments there are. Each series was judged alone when its window closed; this
 * replaces those adjusted p-values and verdicts, and the statuses that follow from them. A family
 * of one series is judged again as it was.
 */
@Internal
public final class WindowFamily {

  private WindowFamily() {}

  /**
   * {@code family}'s results judged together, in its order.
   *
   * @param family results of one window of one model version, one per series
   * @param alpha the monitor's α
   */
  public static List<MonitoringResult> judge(List<MonitoringResult> family, double alpha) {
    List<Double> p = new ArrayList<>();
    for (MonitoringResult result : family) {
      for (FeatureResult member : members(result)) {
        if (member.inFamily()) {
          p.add(member.judgement().pValue());
        }
      }
    }
    double[] adjusted =
        FalseDiscovery.adjust(p.stream().mapToDouble(Double::doubleValue).toArray());
    int next = 0;
    List<MonitoringResult> judged = new ArrayList<>();
    for (MonitoringResult result : family) {
      List<FeatureResult> members = new ArrayList<>();
      for (FeatureResult member : members(result)) {
        members.add(member.inFamily() ? member.judgedInFamily(adjusted[next++], alpha) : member);
      }
      int n = result.features().size();
      List<FeatureResult> features = members.subList(0, n);
      FeatureResult prediction = result.prediction() == null ? null : members.get(n);
      FeatureResult multivariate =
          result.multivariate() == null ? null : members.get(members.size() - 1);
      judged.add(
          result.withVerdicts(
              features,
              prediction,
              multivariate,
              WindowEvaluator.status(
                  result.status() != MonitoringResult.Status.NO_BASELINE,
                  features,
                  prediction,
                  multivariate,
                  result.unexpectedFeatures(),
                  result.problems())));
    }
    return judged;
  }

  /** A result's verdicts in the family's order: its features, its prediction, its multivariate. */
  private static List<FeatureResult> members(MonitoringResult result) {
    List<FeatureResult> members = new ArrayList<>(result.features());
    if (result.prediction() != null) {
      members.add(result.prediction());
    }
    if (result.multivariate() != null) {
      members.add(result.multivariate());
    }
    return members;
  }
}
