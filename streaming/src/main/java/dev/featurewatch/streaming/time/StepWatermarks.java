package dev.featurewatch.streaming.time;

import dev.featurewatch.annotation.Internal;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The event time a source has reached, as watermarks: the latest event time seen, rounded down to a
 * step and emitted as soon as an event moves it, not on a timer. A source runs one per Kafka
 * partition (or file split) and forwards the lowest, so a partition read ahead of another never
 * makes the other's events late; each view then allows its own out-of-orderness behind it.
 *
 * <p>Why not Flink's bounded out-of-orderness strategy: it emits every 200 ms of wall-clock time,
 * so which events of a replayed file count as late would depend on how fast the machine read it.
 * Here the watermark is a function of the events seen so far, in their order, so a replay gives the
 * same rows every time, and a window's row is written the moment an event shows it is complete. The
 * step is a common divisor of the source's views' slides and out-of-orderness: windows end on
 * multiples of it, so they fire exactly when they would with the unrounded watermark, and a
 * watermark crosses the network once per step of event time rather than once per event.
 *
 * @param <T> the events; only their timestamps are read
 */
@Internal
public final class StepWatermarks<T> implements WatermarkGenerator<T> {

  private final long stepMillis;
  private long emitted = Long.MIN_VALUE;

  /**
   * @param step the rounding, a positive whole number of milliseconds
   */
  public StepWatermarks(Duration step) {
    this.stepMillis = step.toMillis();
    if (stepMillis <= 0) {
      throw new IllegalArgumentException("step must be at least 1 ms, found " + step);
    }
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    if (timestamp == RawEventTime.UNKNOWN) {
      // an event without a usable time: the reader sends it to the dead letters
      return;
    }
    long watermark = Math.floorDiv(timestamp, stepMillis) * stepMillis - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // on events only: see the class comment
  }
}
