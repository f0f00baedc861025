package dev.featurewatch.monitoring.result;

import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.window.Series;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found, per monitor and model version (the {@code all} series): its windows by status,
 * each drifted feature with the end of the first window it drifted in, and, with labels, how its
 * performance went.
 */
public final class ResultsSummary {

  /**
   * One model version's monitoring.
   *
   * @param monitor the monitor
   * @param model the model
   * @param modelVersion the version
   * @param windows windows evaluated
   * @param byStatus windows per status
   * @param firstDrift each drifted feature (the prediction as {@code prediction}) with the end of
   *     the first window it drifted in, in that order
   * @param performance the complete windows' performance, in window order; empty without labels
   * @param estimated each window's performance estimated before its labels, by window end, in
   *     window order; empty without a calibration in the baseline
   */
  public record Version(
      String monitor,
      String model,
      String modelVersion,
      long windows,
      Map<Status, Long> byStatus,
      Map<String, Instant> firstDrift,
      List<PerformanceResult> performance,
      Map<Instant, Map<PerformanceMetric, Double>> estimated) {

    /** The end of the first complete window whose performance was degraded, if any. */
    public java.util.Optional<Instant> degradedFrom() {
      return performance.stream()
          .filter(PerformanceResult::degraded)
          .map(PerformanceResult::windowEnd)
          .findFirst();
    }
  }

  private ResultsSummary() {}

  /** The summary of {@code outputs}, in any order; one entry per monitor and version. */
  public static List<Version> of(List<MonitorOutput> outputs) {
    Map<List<String>, List<MonitoringResult>> byVersion = new LinkedHashMap<>();
    Map<List<String>, List<PerformanceResult>> performance = new LinkedHashMap<>();
    for (MonitorOutput output : outputs) {
      if (!Series.ALL.equals(output.segment())) {
        continue;
      }
      List<String> key = List.of(output.monitor(), output.model(), output.modelVersion());
      if (output instanceof MonitoringResult r) {
        byVersion.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      } else if (output instanceof PerformanceResult p && p.complete()) {
        performance.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
      }
    }
    byVersion.values().forEach(l -> l.sort(Comparator.comparing(MonitoringResult::windowEnd)));
    performance.values().forEach(l -> l.sort(Comparator.comparing(PerformanceResult::windowEnd)));
    List<Version> versions = new ArrayList<>();
    byVersion.forEach(
        (key, windows) -> {
          Map<Status, Long> byStatus = new EnumMap<>(Status.class);
          Map<String, Instant> firstDrift = new LinkedHashMap<>();
          Map<Instant, Map<PerformanceMetric, Double>> estimated = new LinkedHashMap<>();
          for (MonitoringResult r : windows) {
            if (!r.estimatedPerformance().isEmpty()) {
              estimated.put(r.windowEnd(), r.estimatedPerformance());
            }
            byStatus.merge(r.status(), 1L, Long::sum);
            r.driftedFeatures().forEach(f -> firstDrift.putIfAbsent(f, r.windowEnd()));
            if (r.prediction() != null && r.prediction().drifted()) {
              firstDrift.putIfAbsent("prediction", r.windowEnd());
            }
          }
          versions.add(
              new Version(
                  key.get(0),
                  key.get(1),
                  key.get(2),
                  windows.size(),
                  byStatus,
                  firstDrift,
                  List.copyOf(performance.getOrDefault(key, List.of())),
                  estimated));
        });
    return versions;
  }
}
