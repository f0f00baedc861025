package dev.featurewatch.monitoring.result;

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
 * and each drifted feature with the end of the first window it drifted in.
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
   */
  public record Version(
      String monitor,
      String model,
      String modelVersion,
      long windows,
      Map<Status, Long> byStatus,
      Map<String, Instant> firstDrift) {}

  private ResultsSummary() {}

  /** The summary of {@code results}, in any order; one entry per monitor and version. */
  public static List<Version> of(List<MonitoringResult> results) {
    List<MonitoringResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(MonitoringResult::windowEnd));
    Map<List<String>, List<MonitoringResult>> byVersion = new LinkedHashMap<>();
    for (MonitoringResult r : sorted) {
      if (Series.ALL.equals(r.segment())) {
        byVersion
            .computeIfAbsent(
                List.of(r.monitor(), r.model(), r.modelVersion()), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<Version> versions = new ArrayList<>();
    byVersion.forEach(
        (key, windows) -> {
          Map<Status, Long> byStatus = new EnumMap<>(Status.class);
          Map<String, Instant> firstDrift = new LinkedHashMap<>();
          for (MonitoringResult r : windows) {
            byStatus.merge(r.status(), 1L, Long::sum);
            r.driftedFeatures().forEach(f -> firstDrift.putIfAbsent(f, r.windowEnd()));
            if (r.prediction() != null && r.prediction().drifted()) {
              firstDrift.putIfAbsent("prediction", r.windowEnd());
            }
          }
          versions.add(
              new Version(
                  key.get(0), key.get(1), key.get(2), windows.size(), byStatus, firstDrift));
        });
    return versions;
  }
}
