package dev.featurewatch.store.pipeline.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.pipeline.event.DeadLetter;
import dev.featurewatch.store.pipeline.event.DeadLetterReason;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.pipeline.serde.Types;
import dev.featurewatch.store.pipeline.window.Projection;
import dev.featurewatch.store.pipeline.window.WindowedAggregation;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.streaming.job.Streams;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.source.EventSource;
import dev.featurewatch.streaming.time.RawEventTime;
import dev.featurewatch.streaming.time.StepWatermarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature pipeline as a Flink job graph: every chosen stream feature view reads its source
 * (read once however many views share it), checks and parses its events, assigns event time with
 * the view's allowed out-of-orderness, aggregates per entity key (or projects), and sends rows to
 * the online and offline stores as the view's flags say, bad and late events to the dead letter.
 *
 * <p>Every stateful operator has a {@code uid} derived from the view's name ({@code
 * aggregate/<view>}, ...), so a job can be upgraded from a savepoint, views added or removed,
 * without losing the state of the others. Sources and sinks come in as parameters: the embedded
 * run, the cluster job and the tests choose them.
 */
@Internal
public final class FeatureJob {

  /**
   * Where the job writes.
   *
   * @param online feature rows of online views
   * @param offline feature rows of offline views, late projection rows included
   * @param deadLetters {@link DeadLetter}s as JSON lines
   */
  public record Sinks(
      Sink<FeatureRow> online, Sink<FeatureRow> offline, Sink<String> deadLetters) {}

  /**
   * Adds the pipeline of {@code views} to {@code env}.
   *
   * @throws IllegalArgumentException a view is not a stream feature view of {@code repo}
   */
  public static void build(
      StreamExecutionEnvironment env,
      FeatureRepository repo,
      List<FeatureView> views,
      EventSource source,
      Sinks sinks) {
    Map<String, DataStream<String>> sources = new HashMap<>();
    List<DataStream<FeatureRow>> online = new ArrayList<>();
    List<DataStream<FeatureRow>> offline = new ArrayList<>();
    List<DataStream<String>> deadLetters = new ArrayList<>();
    for (FeatureView view : views) {
      EventReader reader = EventReader.of(repo, view);
      DataSource dataSource = repo.source(view.source()).orElseThrow();
      DataStream<String> raw =
          sources.computeIfAbsent(
              dataSource.name(),
              name -> source.events(env, dataSource, watermarks(dataSource, views)));
      SingleOutputStreamOperator<ViewEvent> read =
          raw.process(new ReadEvents(dataSource.name(), view.name(), reader), Types.VIEW_EVENT)
              .name("read " + view.name())
              .uid("read/" + view.name());
      deadLetters.add(read.getSideOutput(ReadEvents.DEAD_LETTERS));
      SingleOutputStreamOperator<FeatureRow> rows;
      if (view.stream().windowed()) {
        rows =
            read.keyBy(ViewEvent::keyId, BasicTypeInfo.STRING_TYPE_INFO)
                .process(new WindowedAggregation(view, reader), Types.FEATURE_ROW)
                .name("aggregate " + view.name())
                .uid("aggregate/" + view.name());
        deadLetters.add(
            rows.getSideOutput(WindowedAggregation.lateEvents(view.name()))
                .map(new LateEvent(dataSource.name(), view.name(), reader.fields()))
                .name("late " + view.name())
                .uid("late/" + view.name()));
      } else {
        rows =
            read.process(new Projection(view, reader), Types.FEATURE_ROW)
                .name("project " + view.name())
                .uid("project/" + view.name());
        if (view.offline()) {
          offline.add(
              rows.getSideOutput(Projection.lateRows(view.name()))
                  .map(new CountLate(view.name()), Types.FEATURE_ROW)
                  .name("late " + view.name())
                  .uid("late/" + view.name()));
        }
      }
      if (view.online()) {
        online.add(rows);
      }
      if (view.offline()) {
        offline.add(rows);
      }
    }
    union(online).ifPresent(s -> s.sinkTo(sinks.online()).name("online store").uid("online-store"));
    union(offline)
        .ifPresent(s -> s.sinkTo(sinks.offline()).name("offline store").uid("offline-store"));
    union(deadLetters)
        .ifPresent(s -> s.sinkTo(sinks.deadLetters()).name("dead letters").uid("dead-letters"));
  }

  /**
   * The stream feature views of {@code repo} named in {@code names}, in that order; all of them
   * when {@code names} is empty.
   *
   * @throws IllegalArgumentException a name is not a stream feature view, or there are none
   */
  public static List<FeatureView> streamViews(FeatureRepository repo, List<String> names) {
    List<FeatureView> streams = repo.featureViews().stream().filter(FeatureView::isStream).toList();
    if (names.isEmpty()) {
      if (streams.isEmpty()) {
        throw new IllegalArgumentException(
            "the registry has no stream feature views: give a view a 'stream' block and apply");
      }
      return streams;
    }
    List<FeatureView> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(
          streams.stream()
              .filter(v -> v.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'"
                              + name
                              + "' is not a stream feature view of the registry; stream views: "
                              + streams.stream().map(FeatureView::name).toList())));
    }
    return chosen;
  }

  /**
   * What {@link #build} gives {@code source} as watermarks: its event time read from each raw
   * event, watermarks per partition (or file split) in steps that suit every one of {@code views}
   * reading it. There is no idle timeout: a partition without events holds the watermark back (a
   * timeout would make which events are late depend on the wall clock again).
   */
  public static WatermarkStrategy<String> watermarks(DataSource source, List<FeatureView> views) {
    long stepMillis = 0;
    for (FeatureView view : views) {
      if (view.source().equals(source.name()) && view.stream() != null) {
        stepMillis = gcd(stepMillis, watermarkStep(view.stream()));
      }
    }
    if (stepMillis == 0) {
      throw new IllegalArgumentException("no view of " + views + " reads source " + source.name());
    }
    String field = source.timestampField();
    Duration step = Duration.ofMillis(stepMillis);
    return WatermarkStrategy.<String>forGenerator(context -> new StepWatermarks<>(step))
        .withTimestampAssigner(context -> new RawEventTime(field));
  }

  /**
   * The largest watermark step at which a view's windows close and events turn late exactly when
   * they would with the unrounded watermark: it divides both the view's slide (1 s for projections)
   * and its allowed out-of-orderness.
   */
  private static long watermarkStep(StreamSpec stream) {
    long step = stream.windowed() ? stream.slide().toMillis() : 1_000;
    long lateness = stream.maxOutOfOrderness().toMillis();
    return lateness > 0 ? gcd(step, lateness) : step;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static <T> Optional<DataStream<T>> union(List<DataStream<T>> streams) {
    return streams.isEmpty() ? Optional.empty() : Optional.of(Streams.union(streams));
  }

  /** A late projection row, counted on its way to the offline store. */
  private static final class CountLate extends RichMapFunction<FeatureRow, FeatureRow> {
    private static final long serialVersionUID = 1L;
    private final String view;
    private transient PipelineMetrics metrics;

    CountLate(String view) {
      this.view = view;
    }

    @Override
    public void open(OpenContext context) {
      metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
    }

    @Override
    public FeatureRow map(FeatureRow row) {
      metrics.late(view);
      return row;
    }
  }

  /** A windowed view's late event as a dead letter, counted. */
  private static final class LateEvent extends RichMapFunction<ViewEvent, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String source;
    private final String view;
    private final List<String> fields;
    private transient PipelineMetrics metrics;

    LateEvent(String source, String view, List<String> fields) {
      this.source = source;
      this.view = view;
      this.fields = List.copyOf(fields);
    }

    @Override
    public void open(OpenContext context) {
      metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
    }

    @Override
    public String map(ViewEvent event) {
      metrics.late(view);
      metrics.deadLetter(view, DeadLetterReason.LATE);
      ObjectNode read = JSON.createObjectNode();
      read.put("key", event.keyId());
      read.put("time", Times.instant(event.timeMicros()).toString());
      for (int i = 0; i < fields.size(); i++) {
        Object value = event.values().get(i);
        read.putPOJO(fields.get(i), value instanceof Instant t ? t.toString() : value);
      }
      return new DeadLetter(
              DeadLetterReason.LATE,
              source,
              view,
              "every window of this event had been written: it came later than the view's"
                  + " max_out_of_orderness allows",
              read.toString(),
              Instant.now())
          .toJson();
    }
  }

  private FeatureJob() {}
}
