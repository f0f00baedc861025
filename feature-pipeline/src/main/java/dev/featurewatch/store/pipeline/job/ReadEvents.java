package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.pipeline.event.BadEventException;
import dev.featurewatch.store.pipeline.event.DeadLetter;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step of a stream feature view: raw JSON events of its source in, {@link ViewEvent}s
 * out, bad events to {@link #DEAD_LETTERS} as {@link DeadLetter} JSON, each counted.
 */
@Internal
public final class ReadEvents extends ProcessFunction<String, ViewEvent> {

  private static final long serialVersionUID = 1L;

  /** Dead letters as JSON lines, for the dead-letter sink. */
  public static final OutputTag<String> DEAD_LETTERS =
      new OutputTag<>("dead-letters", BasicTypeInfo.STRING_TYPE_INFO);

  private final String source;
  private final String view;
  private final EventReader reader;
  private transient PipelineMetrics metrics;

  public ReadEvents(String source, String view, EventReader reader) {
    this.source = source;
    this.view = view;
    this.reader = reader;
  }

  @Override
  public void open(OpenContext context) {
    metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
    metrics.reads(view);
    MetricsEndpoint.startIfAsked(getRuntimeContext());
  }

  @Override
  public void processElement(String raw, Context ctx, Collector<ViewEvent> out) {
    metrics.eventIn(view);
    try {
      out.collect(reader.read(raw));
    } catch (BadEventException e) {
      metrics.deadLetter(view, e.reason());
      ctx.output(
          DEAD_LETTERS,
          new DeadLetter(e.reason(), source, view, e.getMessage(), raw, Instant.now()).toJson());
    }
  }
}
