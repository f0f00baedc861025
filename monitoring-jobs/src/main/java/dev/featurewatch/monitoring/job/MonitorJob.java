package dev.featurewatch.monitoring.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.baseline.BaselinePoller;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.streaming.job.Streams;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.source.EventSource;
import dev.featurewatch.streaming.time.RawEventTime;
import dev.featurewatch.streaming.time.StepWatermarks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The monitoring job as a Flink job graph: each prediction source is read once for the monitors
 * that watch it, its events parsed per monitor and sent to the windows of their series; the
 * baselines come from the model registry (or files) through a source of their own, broadcast to
 * every window operator; each closed window's result updates the metrics and goes to the results
 * sink; bad and late predictions go to the dead letters. For monitors with labels, the labels are
 * joined to their predictions by id and each window's performance reported as they come.
 *
 * <p>Stateful operators have stable {@code uid}s ({@code read/<source>}, {@code windows}, ...), so
 * the job can be upgraded from a savepoint.
 */
@Internal
public final class MonitorJob {

  /**
   * Where the baselines come from.
   *
   * @param registry the model registry's location ({@code http://…} for MLflow, else a directory)
   * @param repo the feature repository, for baseline files
   * @param pollInterval how often the registry is asked for changes
   * @param once look every monitor up once and stop (replays of bounded inputs, which must end)
   */
  public record Baselines(String registry, Path repo, Duration pollInterval, boolean once) {}

  /**
   * Where the job writes.
   *
   * @param results monitoring results as JSON lines
   * @param deadLetters dead letters as JSON lines
   * @param writeBack the results to write to the model registry; null for none
   */
  public record Sinks(
      Sink<String> results, Sink<String> deadLetters, Sink<MonitorOutput> writeBack) {}

  /** The Kafka consumer group of the monitoring job, whose offsets Flink commits on checkpoints. */
  public static final String GROUP_ID = "featurewatch-monitors";

  /**
   * What identifies a monitoring job across its restarts, for its sinks' Kafka transactions: the
   * monitors it runs. Two jobs running the same monitors into one topic fence each other, as they
   * should: each would write every result a second time.
   */
  public static String identity(List<ModelMonitor> monitors) {
    return "monitors " + monitors.stream().map(ModelMonitor::name).sorted().toList();
  }

  /** Look-ups a second, at most, by the baseline source. */
  static final double BASELINE_CALLS_PER_SECOND = 10;

  /**
   * Adds the monitoring of {@code monitors} to {@code env}.
   *
   * @param lateness how long after a window's end its predictions may still arrive
   * @throws IllegalArgumentException a monitor's source is not in {@code repo}
   */
  public static void build(
      StreamExecutionEnvironment env,
      FeatureRepository repo,
      List<ModelMonitor> monitors,
      EventSource source,
      Baselines baselines,
      Duration lateness,
      Sinks sinks) {
    DataStream<BaselineUpdate> baselineUpdates = baselines(env, monitors, baselines);
    Map<String, List<ModelMonitor>> bySource = new LinkedHashMap<>();
    monitors.forEach(m -> bySource.computeIfAbsent(m.source(), s -> new ArrayList<>()).add(m));
    List<DataStream<SeriesPrediction>> predictions = new ArrayList<>();
    List<DataStream<PredictionRef>> toJoin = new ArrayList<>();
    List<DataStream<String>> deadLetters = new ArrayList<>();
    for (Map.Entry<String, List<ModelMonitor>> e : bySource.entrySet()) {
      DataSource dataSource =
          repo.source(e.getKey())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "model monitor '"
                              + e.getValue().get(0).name()
                              + "' reads source '"
                              + e.getKey()
                              + "', which the registry does not have"));
      SingleOutputStreamOperator<SeriesPrediction> read =
          source
              .events(env, dataSource, watermarks(dataSource, e.getValue(), lateness))
              .connect(baselineUpdates.broadcast(ReadPredictions.WATCHED))
              .process(
                  new ReadPredictions(dataSource.name(), e.getValue()),
                  MonitorTypes.SERIES_PREDICTION)
              .name("read " + dataSource.name())
              .uid("read/" + dataSource.name());
      predictions.add(read);
      toJoin.add(read.getSideOutput(ReadPredictions.TO_JOIN));
      deadLetters.add(read.getSideOutput(ReadPredictions.DEAD_LETTERS));
    }
    BroadcastStream<BaselineUpdate> baselineStream =
        baselineUpdates.broadcast(MonitorWindows.ACTIVE, MonitorWindows.BASELINES);
    SingleOutputStreamOperator<MonitoringResult> windows =
        Streams.union(predictions)
            .keyBy(SeriesPrediction::series, BasicTypeInfo.STRING_TYPE_INFO)
            .connect(baselineStream)
            .process(new MonitorWindows(monitors, lateness), MonitorTypes.MONITORING_RESULT)
            .name("windows")
            .uid("windows");
    deadLetters.add(
        windows
            .getSideOutput(MonitorWindows.LATE)
            .map(new LatePrediction(), BasicTypeInfo.STRING_TYPE_INFO)
            .name("late predictions")
            .uid("late"));
    DataStream<MonitoringResult> results =
        windows
            .keyBy(WindowFamilies::keyOf, BasicTypeInfo.STRING_TYPE_INFO)
            .process(new WindowFamilies(monitors), MonitorTypes.MONITORING_RESULT)
            .name("window families")
            .uid("window-families");
    DataStream<MonitorOutput> outputs =
        results.map(r -> (MonitorOutput) r, MonitorTypes.MONITOR_OUTPUT).name("drift").uid("drift");
    List<ModelMonitor> labelled = monitors.stream().filter(m -> m.labels() != null).toList();
    if (!labelled.isEmpty()) {
      DataStream<PerformanceResult> performance =
          performance(
              env, repo, labelled, source, lateness, Streams.union(toJoin), results, deadLetters);
      outputs =
          outputs.union(
              performance
                  .map(r -> (MonitorOutput) r, MonitorTypes.MONITOR_OUTPUT)
                  .name("performance results")
                  .uid("performance-results"));
    }
    SingleOutputStreamOperator<MonitorOutput> recorded =
        outputs.map(new RecordResult(), MonitorTypes.MONITOR_OUTPUT).name("metrics").uid("metrics");
    recorded
        .map(ResultJson::toJson, BasicTypeInfo.STRING_TYPE_INFO)
        .name("results as JSON")
        .uid("results-json")
        .sinkTo(sinks.results())
        .name("results")
        .uid("results");
    if (sinks.writeBack() != null) {
      // one writer, so each version's tags are written in the order of its windows
      recorded
          .sinkTo(sinks.writeBack())
          .setParallelism(1)
          .name("registry write-back")
          .uid("write-back");
    }
    Streams.union(deadLetters).sinkTo(sinks.deadLetters()).name("dead letters").uid("dead-letters");
  }

  /**
   * The labels of {@code monitors}: read per labels source, joined to the predictions by id, and
   * each window's performance from them.
   */
  private static DataStream<PerformanceResult> performance(
      StreamExecutionEnvironment env,
      FeatureRepository repo,
      List<ModelMonitor> monitors,
      EventSource source,
      Duration lateness,
      DataStream<PredictionRef> predictions,
      DataStream<MonitoringResult> results,
      List<DataStream<String>> deadLetters) {
    Map<String, List<ModelMonitor>> bySource = new LinkedHashMap<>();
    monitors.forEach(
        m -> bySource.computeIfAbsent(m.labels().source(), s -> new ArrayList<>()).add(m));
    List<DataStream<MonitorLabel>> labels = new ArrayList<>();
    for (Map.Entry<String, List<ModelMonitor>> e : bySource.entrySet()) {
      DataSource dataSource = repo.source(e.getKey()).orElseThrow();
      SingleOutputStreamOperator<MonitorLabel> read =
          source
              .events(env, dataSource, watermarks(dataSource, e.getValue(), lateness))
              .process(new ReadLabels(dataSource.name(), e.getValue()), MonitorTypes.MONITOR_LABEL)
              .name("read " + dataSource.name())
              .uid("read-labels/" + dataSource.name());
      labels.add(read);
      deadLetters.add(read.getSideOutput(ReadPredictions.DEAD_LETTERS));
    }
    DataStream<SeriesOutcome> outcomes =
        predictions
            .keyBy(PredictionRef::joinKey, BasicTypeInfo.STRING_TYPE_INFO)
            .connect(
                Streams.union(labels).keyBy(MonitorLabel::joinKey, BasicTypeInfo.STRING_TYPE_INFO))
            .process(new LabelJoin(monitors), MonitorTypes.SERIES_OUTCOME)
            .name("label join")
            .uid("label-join");
    Set<String> names = new HashSet<>();
    monitors.forEach(m -> names.add(m.name()));
    return outcomes
        .keyBy(SeriesOutcome::series, BasicTypeInfo.STRING_TYPE_INFO)
        .connect(
            results
                .filter(r -> names.contains(r.monitor()))
                .name("labelled monitors")
                .uid("labelled-monitors")
                .keyBy(
                    r -> new Series(r.monitor(), r.modelVersion(), r.segment()).key(),
                    BasicTypeInfo.STRING_TYPE_INFO))
        .process(new PerformanceWindows(monitors, lateness), MonitorTypes.PERFORMANCE_RESULT)
        .name("performance")
        .uid("performance");
  }

  /** The baseline source: one look-up round, or rounds for as long as the job runs. */
  private static DataStream<BaselineUpdate> baselines(
      StreamExecutionEnvironment env, List<ModelMonitor> monitors, Baselines settings) {
    DataGeneratorSource<BaselineUpdate> source =
        new DataGeneratorSource<>(
            new BaselinePoller(
                monitors, settings.registry(), settings.repo(), settings.pollInterval()),
            settings.once() ? monitors.size() : Long.MAX_VALUE,
            RateLimiterStrategy.perSecond(BASELINE_CALLS_PER_SECOND),
            MonitorTypes.BASELINE_UPDATE);
    return env.fromSource(
            source,
            WatermarkStrategy.<BaselineUpdate>forGenerator(context -> new ReadyWatermarks()),
            "baselines")
        .setParallelism(1)
        .uid("baselines");
  }

  /**
   * The predictions' event time, per partition or file split, in steps that divide every monitor's
   * window and the lateness (1 s at most, so a count-only monitor's stream still moves).
   */
  static WatermarkStrategy<String> watermarks(
      DataSource source, List<ModelMonitor> monitors, Duration lateness) {
    long step = gcd(1_000, lateness.toMillis());
    for (ModelMonitor monitor : monitors) {
      step = gcd(step, monitor.window().size().toMillis());
    }
    Duration rounding = Duration.ofMillis(Math.max(step, 1));
    String field = source.timestampField();
    return WatermarkStrategy.<String>forGenerator(context -> new StepWatermarks<>(rounding))
        .withTimestampAssigner(context -> new RawEventTime(field));
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * Holds the baselines' watermark at its start until every monitor has been looked up, then lets
   * it go to the end of time: the windows' watermark is the predictions' from then on, and no
   * window closes before the baseline it should be compared with is known.
   */
  private static final class ReadyWatermarks implements WatermarkGenerator<BaselineUpdate> {
    private boolean released;

    @Override
    public void onEvent(BaselineUpdate update, long timestamp, WatermarkOutput output) {
      if (update.ready() && !released) {
        released = true;
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // on events only
    }
  }

  /** A result, recorded in the metrics on its way. */
  private static final class RecordResult extends RichMapFunction<MonitorOutput, MonitorOutput> {
    private static final long serialVersionUID = 1L;
    private transient MonitorMetrics metrics;

    @Override
    public void open(OpenContext context) {
      metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    }

    @Override
    public MonitorOutput map(MonitorOutput output) {
      if (output instanceof MonitoringResult drift) {
        metrics.window(drift);
      } else {
        metrics.performance((PerformanceResult) output);
      }
      return output;
    }
  }

  /** A late prediction as a dead letter, counted. */
  private static final class LatePrediction extends RichMapFunction<SeriesPrediction, String> {
    private static final long serialVersionUID = 1L;
    private transient MonitorMetrics metrics;

    @Override
    public void open(OpenContext context) {
      metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    }

    @Override
    public String map(SeriesPrediction late) {
      metrics.deadLetter(Reason.LATE.id());
      return DeadLetters.late(
          Series.ofKey(late.series()).monitor(),
          "its window had closed: it came later than the window's end plus the allowed lateness",
          late.record());
    }
  }

  private MonitorJob() {}
}
