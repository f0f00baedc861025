package dev.featurewatch.store.offline.file;

import dev.featurewatch.annotation.Internal;
import java.nio.file.Path;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One file's rows of one feature view, as Arrow record batches in the offline layout: the view's
 * join keys (sorted by name), {@code event_timestamp} and {@code created_timestamp} (microseconds,
 * UTC), then the features read. A feature the file lacks is absent from the batch: only the offline
 * store's own files may lack one (a feature added after they were written), a file source's read
 * fails instead.
 *
 * <p>Rows whose join key is null are left out and counted in {@link #skippedRows()}.
 */
@Internal
public interface ViewBatches extends AutoCloseable {

  /** Loads the next batch into {@link #batch()}; false at the end. */
  boolean next();

  /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
  VectorSchemaRoot batch();

  /** The file read, for messages. */
  Path file();

  /** The rows left out so far because a join key was null. */
  long skippedRows();

  @Override
  void close();
}
