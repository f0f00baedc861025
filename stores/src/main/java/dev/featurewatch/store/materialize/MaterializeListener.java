package dev.featurewatch.store.materialize;

/**
 * Told of a materialization's progress, on the calling thread. An exception thrown here stops the
 * run after the checkpoint of the partition just reported was saved, as a crash would.
 */
public interface MaterializeListener {

  /** A listener that ignores everything. */
  MaterializeListener NONE = progress -> {};

  /** Called after each finished date partition, and once for a view without any partition. */
  void progress(Progress progress);

  /**
   * Called for a view that is not materialized: {@code reason} says why (not online, or finished
   * before the interruption of the run being resumed).
   */
  default void skipped(String view, String reason) {}

  /**
   * Called when rows of a view's files were left out, {@code rows} of them, for {@code reason} (a
   * null join key): counted and reported, never dropped silently.
   */
  default void rowsLeftOut(String view, long rows, String reason) {}
}
