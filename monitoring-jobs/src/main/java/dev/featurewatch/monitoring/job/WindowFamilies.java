package dev.featurewatch.monitoring.job;

import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.WindowEvaluator;
import dev.featurewatch.monitoring.window.WindowFamily;
import dev.featurewatch.store.definition.ModelMonitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The windows' results, keyed by model version ({@link #keyOf}), judged in their false-discovery
 * families ({@link WindowFamily}), and each series' run of drifted windows counted on the final
 * verdicts.
 *
 * <p>A window's segments are one family: they split the same predictions, and a dashboard that
 * shows S segments of F features makes S × F tests, whose false alarms Benjamini–Hochberg over all
 * of them holds at α. The version's {@code all} series, the one the alerts watch, is a family of
 * its own, so that adding segments neither dilutes its power nor adds to its false alarms.
 *
 * <p>The series of one window close at the same event-time timer upstream, and their results carry
 * its time: they wait here until the watermark passes it, by when every one of them has arrived. A
 * window closed by its prediction count (series fill at their own pace) is its own family, given at
 * once.
 */
final class WindowFamilies
    extends KeyedProcessFunction<String, MonitoringResult, MonitoringResult> {

  private static final long serialVersionUID = 1L;

  // the prediction's run, apart from any feature's (a feature may be named like the prediction)
  private static final String PREDICTION_RUN = "\u0000prediction";
  private static final String MULTIVARIATE_RUN = "\u0000multivariate";

  private final Map<String, Double> alphas;

  // results waiting for their family, by the event time of the timer that closed them
  private transient MapState<Long, List<MonitoringResult>> waiting;
  // per series and feature (and the prediction, the features together): the run of drifted
  // windows, checkpointed, so a restart or a failover's replay neither loses nor counts a window
  // twice
  private transient MapState<String, Integer> runs;

  public WindowFamilies(List<ModelMonitor> monitors) {
    this.alphas = new HashMap<>();
    monitors.forEach(m -> alphas.put(m.name(), WindowEvaluator.alpha(m)));
  }

  /** The key of a result's family: its monitor and model version. */
  public static String keyOf(MonitoringResult result) {
    return result.monitor() + '\u001f' + result.modelVersion();
  }

  @Override
  public void open(OpenContext context) {
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-results",
                    BasicTypeInfo.LONG_TYPE_INFO,
                    new ListTypeInfo<>(MonitorTypes.MONITORING_RESULT)));
    runs =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "drift-runs", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.INT_TYPE_INFO));
  }

  @Override
  public void processElement(MonitoringResult result, Context ctx, Collector<MonitoringResult> out)
      throws Exception {
    Long time = ctx.timestamp();
    if (result.closedBy() == ClosedBy.COUNT || time == null) {
      give(List.of(result), out);
      return;
    }
    List<MonitoringResult> family = waiting.get(time);
    List<MonitoringResult> more = family == null ? new ArrayList<>() : new ArrayList<>(family);
    more.add(result);
    waiting.put(time, more);
    ctx.timerService().registerEventTimeTimer(time);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonitoringResult> out)
      throws Exception {
    List<MonitoringResult> closed = waiting.get(timestamp);
    if (closed == null) {
      return;
    }
    waiting.remove(timestamp);
    // one timer may close several windows of a series (a watermark that jumped): one family each
    Map<Instant, List<MonitoringResult>> byWindow = new LinkedHashMap<>();
    closed.stream()
        .sorted(Comparator.comparing(MonitoringResult::windowStart))
        .forEach(r -> byWindow.computeIfAbsent(r.windowStart(), w -> new ArrayList<>()).add(r));
    for (List<MonitoringResult> family : byWindow.values()) {
      give(family, out);
    }
  }

  /**
   * Gives one window's results with their runs: the {@code all} series first, judged alone, then
   * the segments by name, judged together.
   */
  private void give(List<MonitoringResult> window, Collector<MonitoringResult> out)
      throws Exception {
    double alpha = alphas.get(window.get(0).monitor());
    List<MonitoringResult> segments = new ArrayList<>();
    for (MonitoringResult result : window) {
      if (Series.ALL.equals(result.segment())) {
        out.collect(withRuns(result));
      } else {
        segments.add(result);
      }
    }
    segments.sort(Comparator.comparing(MonitoringResult::segment));
    for (MonitoringResult result : WindowFamily.judge(segments, alpha)) {
      out.collect(withRuns(result));
    }
  }

  /**
   * {@code result} with each compared feature's (and the prediction's and the features together's)
   * run of drifted windows, the series' state.
   */
  private MonitoringResult withRuns(MonitoringResult result) throws Exception {
    String series = result.segment() + '\u001f';
    List<FeatureResult> features = new ArrayList<>();
    for (FeatureResult feature : result.features()) {
      features.add(run(series + feature.feature(), feature));
    }
    FeatureResult prediction =
        result.prediction() == null ? null : run(series + PREDICTION_RUN, result.prediction());
    FeatureResult multivariate =
        result.multivariate() == null
            ? null
            : run(series + MULTIVARIATE_RUN, result.multivariate());
    return result.withVerdicts(features, prediction, multivariate, result.status());
  }

  private FeatureResult run(String key, FeatureResult feature) throws Exception {
    Integer before = runs.get(key);
    int run = before == null ? 0 : before;
    // a window that could not compare or judge the feature (too few values) keeps the run
    if (feature.judged()) {
      run = feature.drifted() ? run + 1 : 0;
      runs.put(key, run);
    }
    return feature.withDriftedWindows(run);
  }
}
