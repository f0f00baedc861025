package dev.featurewatch.streaming.time;

import dev.featurewatch.annotation.Internal;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The watermark a windowing function has reached, kept in its operator state. Flink does not
 * checkpoint watermarks: after a restore the watermark starts from nothing, and an event replayed
 * from the source would open a window given before the checkpoint again. With this, the larger of
 * the kept watermark and the current one decides. Call it from the function's {@code
 * CheckpointedFunction} methods.
 */
@Internal
public final class KeptWatermark {

  private ListState<Long> state;
  private long restored = Long.MIN_VALUE;
  private long last = Long.MIN_VALUE;

  /** Reads the kept watermark back after a restore. */
  public void initialize(FunctionInitializationContext context) throws Exception {
    state =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>("watermark", BasicTypeInfo.LONG_TYPE_INFO));
    restored = Long.MIN_VALUE;
    if (context.isRestored()) {
      // every subtask saw the same watermarks, give or take the last few: take the lowest, so no
      // window some subtask has not given is taken for given; a subtask that had no key to
      // process kept nothing (its minimum), which says nothing about the watermark
      long lowest = Long.MAX_VALUE;
      for (Long watermark : state.get()) {
        if (watermark != Long.MIN_VALUE) {
          lowest = Math.min(lowest, watermark);
        }
      }
      restored = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
    }
    last = restored;
  }

  /** Keeps the watermark reached, for a checkpoint. */
  public void snapshot() throws Exception {
    state.update(List.of(last));
  }

  /** The watermark that decides, given Flink's current one; remembered. */
  public long current(long watermark) {
    long decides = Math.max(restored, watermark);
    last = Math.max(last, decides);
    return decides;
  }

  /** A timer at {@code time} fired: the watermark has reached it. */
  public void reached(long time) {
    last = Math.max(last, time);
  }
}
