package dev.featurewatch.store.pipeline.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.event.KeyIds;
import dev.featurewatch.store.pipeline.event.ViewEvent;
import dev.featurewatch.store.pipeline.serde.Types;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The rows of a stream feature view without a window: each event is a row of the latest values of
 * its fields, at the event's time. Stateless: the online store keeps the newest row per key.
 *
 * <p>An event behind the watermark (later than the view's out-of-orderness allows) is still a true
 * row of the past: it goes to {@link #lateRows}, which the job writes to the offline store only,
 * where point-in-time joins place it, and not to the online store, which holds newer rows.
 */
@Internal
public final class Projection extends ProcessFunction<ViewEvent, FeatureRow> {

  private static final long serialVersionUID = 1L;

  private final String view;
  private final List<Field> joinKeys;
  // the view's allowed out-of-orderness: the watermark is the source's, this view stays behind it
  private final long latenessMillis;
  private final OutputTag<FeatureRow> late;

  /**
   * @throws IllegalArgumentException {@code view} is windowed
   */
  public Projection(FeatureView view, EventReader reader) {
    if (view.stream() == null || view.stream().windowed()) {
      throw new IllegalArgumentException(
          "feature view '" + view.name() + "' is not a stream view of projections");
    }
    this.view = view.name();
    this.joinKeys = reader.joinKeys();
    this.latenessMillis = view.stream().maxOutOfOrderness().toMillis();
    this.late = lateRows(view.name());
  }

  /** Where the rows of events behind the watermark go. */
  public static OutputTag<FeatureRow> lateRows(String view) {
    return new OutputTag<>("late-" + view, Types.FEATURE_ROW);
  }

  @Override
  public void processElement(ViewEvent event, Context ctx, Collector<FeatureRow> out) {
    FeatureRow row =
        new FeatureRow(
            view,
            KeyIds.parse(event.keyId(), joinKeys),
            Times.instant(event.timeMicros()),
            null,
            event.values());
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE
        && Math.floorDiv(event.timeMicros(), 1_000) <= watermark - latenessMillis) {
      ctx.output(late, row);
    } else {
      out.collect(row);
    }
  }
}
