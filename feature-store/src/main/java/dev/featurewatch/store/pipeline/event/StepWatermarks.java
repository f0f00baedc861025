package dev.featurewatch.store.pipeline.event;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks that trail the latest event time by the allowed out-of-orderness, rounded down to a
 * step and emitted as soon as an event moves them, not on a timer.
 *
 * <p>Why not Flink's bounded out-of-orderness strategy: it emits every 200 ms of wall-clock time,
 * so which events of a replayed file count as late would depend on how fast the machine read it.
 * Here the watermark is a function of the events seen so far, in their order, so a replay gives the
 * same rows every time, and a window's row is written the moment an event shows it is complete. For
 * a windowed view the step is the slide: windows end on multiples of it, so they fire exactly when
 * they would with the unrounded watermark, and a watermark crosses the network once per slide of
 * event time rather than once per event.
 */
public final class StepWatermarks implements WatermarkGenerator<ViewEvent> {

  private final long latenessMillis;
  private final long stepMillis;
  private long emitted = Long.MIN_VALUE;

  /**
   * @param lateness the allowed out-of-orderness
   * @param step the rounding, a positive whole number of milliseconds
   */
  public StepWatermarks(Duration lateness, Duration step) {
    this.latenessMillis = lateness.toMillis();
    this.stepMillis = step.toMillis();
    if (stepMillis <= 0) {
      throw new IllegalArgumentException("step must be at least 1 ms, found " + step);
    }
  }

  @Override
  public void onEvent(ViewEvent event, long timestamp, WatermarkOutput output) {
    long watermark = Math.floorDiv(timestamp - latenessMillis, stepMillis) * stepMillis - 1;
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
