package dev.featurewatch.store.pipeline.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.pipeline.aggregate.PaneAggregate;
import dev.featurewatch.store.pipeline.aggregate.SlidingWindow;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.KeyIds;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.pipeline.serde.Types;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.streaming.time.KeptWatermark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The windowed aggregations of one stream feature view, per entity key: events are added to the
 * pane of their time, and when the watermark passes a window's end the window's panes are merged
 * into one feature row, whose event time is the window's end (the values hold for the hour before
 * it, so a point-in-time join at time t sees the last window that ended by t).
 *
 * <p>A key's rows: one per window end holding at least one of its events, then one more at the end
 * of the first window after its last event, with a count of 0 and nulls, so that neither store
 * keeps serving "5 trips in the last hour" after the hour has passed. Panes no later window needs
 * are dropped as windows close, and a key with none left has no state.
 *
 * <p>An event whose windows have all been written (it came later than the view's out-of-orderness
 * allows) goes to {@link #lateEvents}. One that misses only some of its windows is added to the
 * rest: a written window is never written again, so each window lands in the offline store once,
 * also after a restore (the watermark is part of the checkpoint, see {@link #initializeState}).
 */
@Internal
public final class WindowedAggregation extends KeyedProcessFunction<String, ViewEvent, FeatureRow>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  private final FeatureView view;
  private final List<Field> joinKeys;
  private final SlidingWindow window;
  // the view's allowed out-of-orderness: the watermark is the source's, this view stays behind it
  private final long latenessMillis;
  // per event field: the aggregations its pane keeps
  private final List<Set<Aggregation>> fieldAggregations;
  // per feature, in schema order: its event field's index and its aggregation
  private final int[] featureFields;
  private final Aggregation[] featureFunctions;
  private final OutputTag<ViewEvent> late;

  private transient MapState<Long, PaneAggregate[]> panes;
  // in view time: a replayed event must not open a window written before the checkpoint
  private transient KeptWatermark watermark;
  // timers are set at window end plus the lateness: a restore with another lateness is refused
  private transient ListState<Long> latenessState;

  /**
   * @throws IllegalArgumentException {@code view} has no window
   */
  public WindowedAggregation(FeatureView view, EventReader reader) {
    StreamSpec stream = view.stream();
    if (stream == null || !stream.windowed()) {
      throw new IllegalArgumentException(
          "feature view '" + view.name() + "' has no windowed aggregations");
    }
    this.view = view;
    this.joinKeys = reader.joinKeys();
    this.window = new SlidingWindow(stream.window(), stream.slide());
    this.latenessMillis = stream.maxOutOfOrderness().toMillis();
    List<String> fields = reader.fields();
    this.fieldAggregations = new ArrayList<>();
    fields.forEach(f -> fieldAggregations.add(EnumSet.noneOf(Aggregation.class)));
    this.featureFields = new int[view.features().size()];
    this.featureFunctions = new Aggregation[view.features().size()];
    for (StreamSpec.Aggregate aggregate : stream.aggregations()) {
      int feature = view.indexOf(aggregate.feature());
      int field = fields.indexOf(aggregate.field());
      featureFields[feature] = field;
      featureFunctions[feature] = aggregate.function();
      fieldAggregations.get(field).add(aggregate.function());
    }
    this.late = lateEvents(view.name());
  }

  /** Where the events too late for every window of {@code view} go. */
  public static OutputTag<ViewEvent> lateEvents(String view) {
    return new OutputTag<>("late-" + view, Types.VIEW_EVENT);
  }

  @Override
  public void open(OpenContext context) {
    panes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("panes", BasicTypeInfo.LONG_TYPE_INFO, Types.PANES));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermark = new KeptWatermark();
    watermark.initialize(context);
    latenessState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("lateness", BasicTypeInfo.LONG_TYPE_INFO));
    if (context.isRestored()) {
      for (Long restored : latenessState.get()) {
        if (restored != latenessMillis) {
          throw new IllegalStateException(
              "feature view '"
                  + view.name()
                  + "': max_out_of_orderness is "
                  + Duration.ofMillis(latenessMillis)
                  + " but was "
                  + Duration.ofMillis(restored)
                  + " in the checkpoint being restored, whose timers were set for it: restore"
                  + " with the old value, or start the pipeline without its checkpoint");
        }
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermark.snapshot();
    latenessState.update(List.of(latenessMillis));
  }

  @Override
  public void processElement(ViewEvent event, Context ctx, Collector<FeatureRow> out)
      throws Exception {
    long now = watermark.current(viewTime(ctx.timerService().currentWatermark()));
    long paneStart = window.paneStart(event.timeMicros());
    if (fired(window.lastWindowEnd(paneStart), now)) {
      ctx.output(late, event);
      return;
    }
    PaneAggregate[] pane = panes.get(paneStart);
    if (pane == null) {
      pane = new PaneAggregate[fieldAggregations.size()];
      for (int i = 0; i < pane.length; i++) {
        pane[i] = PaneAggregate.of(fieldAggregations.get(i));
      }
    }
    for (int i = 0; i < pane.length; i++) {
      pane[i].add(event.values().get(i), event.timeMicros());
    }
    panes.put(paneStart, pane);
    // the first of its windows not written yet: an earlier one is never written twice
    long end = window.firstWindowEnd(paneStart);
    long slide = window.slideMicros();
    while (fired(end, now)) {
      end += slide;
    }
    ctx.timerService().registerEventTimeTimer(timerOf(end) + latenessMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRow> out)
      throws Exception {
    long time = viewTime(timestamp);
    watermark.reached(time);
    long end = (time + 1) * 1_000;
    long start = end - window.sizeMicros();
    long nextEnd = end + window.slideMicros();
    long nextStart = nextEnd - window.sizeMicros();
    PaneAggregate[] merged = new PaneAggregate[fieldAggregations.size()];
    for (int i = 0; i < merged.length; i++) {
      merged[i] = PaneAggregate.of(fieldAggregations.get(i));
    }
    boolean nextHasEvents = false;
    for (Iterator<Map.Entry<Long, PaneAggregate[]>> it = panes.iterator(); it.hasNext(); ) {
      Map.Entry<Long, PaneAggregate[]> entry = it.next();
      long paneStart = entry.getKey();
      if (paneStart >= start && paneStart < end) {
        for (int i = 0; i < merged.length; i++) {
          merged[i].merge(entry.getValue()[i]);
        }
      }
      if (paneStart < nextStart) {
        it.remove();
      } else if (paneStart < nextEnd) {
        nextHasEvents = true;
      }
    }
    boolean hasEvents = false;
    for (PaneAggregate field : merged) {
      hasEvents |= field.count() > 0;
    }
    if (panes.isEmpty()) {
      // an emptied map still holds an entry for the key in the heap backend
      panes.clear();
    }
    out.collect(row(ctx.getCurrentKey(), end, merged));
    if (hasEvents || nextHasEvents) {
      // the next window, or the empty one that says this key's events have left the window
      ctx.timerService().registerEventTimeTimer(timerOf(nextEnd) + latenessMillis);
    }
  }

  private FeatureRow row(String keyId, long endMicros, PaneAggregate[] merged) {
    List<Object> values = new ArrayList<>(featureFields.length);
    for (int f = 0; f < featureFields.length; f++) {
      Object value = merged[featureFields[f]].result(featureFunctions[f]);
      values.add(as(view.features().get(f).type(), value));
    }
    return new FeatureRow(
        view.name(), KeyIds.parse(keyId, joinKeys), Times.instant(endMicros), null, values);
  }

  /**
   * A LAST of an int64 field read as a number is a Long already; a double feature wants Doubles.
   */
  private static Object as(ValueType type, Object value) {
    if (type == ValueType.DOUBLE && value instanceof Long l) {
      return l.doubleValue();
    }
    return value;
  }

  /**
   * The event time this view has reached when the source's watermark (or a timer) is at {@code
   * sourceMillis}: that much earlier, by the view's allowed out-of-orderness.
   */
  private long viewTime(long sourceMillis) {
    return sourceMillis < Long.MIN_VALUE + latenessMillis
        ? Long.MIN_VALUE
        : sourceMillis - latenessMillis;
  }

  /** Whether the window ending at {@code endMicros} has been written at this view watermark. */
  private static boolean fired(long endMicros, long watermarkMillis) {
    return timerOf(endMicros) <= watermarkMillis;
  }

  /** A window's last millisecond, as Flink's windows fire; its timer is that plus the lateness. */
  private static long timerOf(long endMicros) {
    return Math.floorDiv(endMicros, 1_000) - 1;
  }
}
