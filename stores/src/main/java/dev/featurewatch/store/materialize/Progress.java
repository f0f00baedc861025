package dev.featurewatch.store.materialize;

import java.time.Instant;

/**
 * How far the materialization of one view has got. Immutable.
 *
 * @param view the feature view's name
 * @param start the interval's start, inclusive
 * @param end the interval's end, exclusive
 * @param partitionsDone date partitions finished, including those finished before a resume
 * @param partitions date partitions of the view that overlap {@code [start, end)}
 * @param rowsRead offline rows with event time in {@code [start, end)} read in this run
 * @param keysWritten entity keys sent to the online store in this run (the store keeps a stored row
 *     that is newer, so this counts writes attempted, not rows replaced)
 */
public record Progress(
    String view,
    Instant start,
    Instant end,
    int partitionsDone,
    int partitions,
    long rowsRead,
    long keysWritten) {

  /** The share of partitions done, 0 to 1; 1 for an interval without partitions. */
  public double fraction() {
    return partitions == 0 ? 1.0 : (double) partitionsDone / partitions;
  }

  /** Whether the view is finished. */
  public boolean isComplete() {
    return partitionsDone == partitions;
  }
}
