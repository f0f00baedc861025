package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The latest feature row per (feature view, entity key), for serving.
 *
 * <p>The contract every implementation passes ({@code OnlineStoreContract} in the tests):
 *
 * <ul>
 *   <li>Writes are idempotent and ordered: a row replaces the stored row of its key only if it
 *       {@linkplain FeatureRow#supersedes supersedes} it (a later event time, or the same event
 *       time and a later or equal created time), decided atomically per key, so replays,
 *       out-of-order arrivals and concurrent writers all end with the newest row. Times are
 *       compared at microsecond precision, the precision they are stored in.
 *   <li>Reads are batched (one round trip per call, also for {@link #readAll} where the store
 *       allows) and answer one {@link OnlineValue} per asked key, in the order asked, with the
 *       view's ttl applied at the caller's {@code now}.
 *   <li>Views are isolated: the same entity key in two views names two rows.
 *   <li>Failures to reach the store are {@link OnlineStoreException}s; bad arguments (a row of
 *       another view, values that do not match the view's schema) are {@link
 *       IllegalArgumentException}s.
 * </ul>
 *
 * <pre>{@code
 * try (OnlineStore store = RocksDbOnlineStore.open(Path.of("data/online"))) {
 *   store.write(driverStats, rows);
 *   List<OnlineValue> values = store.read(driverStats, keys, Instant.now());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface OnlineStore extends AutoCloseable {

  /**
   * Stores each row unless the store already holds a row of its key that supersedes it. Rows of one
   * key within {@code rows} are reduced to the newest first.
   *
   * @param view the view all rows belong to
   * @param rows rows of {@code view} with values matching its features
   * @throws IllegalArgumentException a row of another view or with values not matching the view
   * @throws OnlineStoreException the store failed; some rows may have been written (each write is
   *     idempotent, so retry the whole batch)
   */
  void write(FeatureView view, List<FeatureRow> rows);

  /**
   * A load of many rows into {@code view}, such as materialize's of a file source, which the store
   * may apply faster than batches given to {@link #write}: what is stored once the load is
   * {@linkplain Load#commit committed} is what writing every row added would store, but rows added
   * may become visible only then. This default writes each batch as it is added.
   */
  default Load load(FeatureView view) {
    return new Load() {
      @Override
      public void add(List<FeatureRow> rows) {
        write(view, rows);
      }

      @Override
      public void commit() {}
    };
  }

  /**
   * A load into one view (see {@link #load}): rows are added from any number of threads, then
   * committed once. Rows added and not committed may be lost.
   */
  interface Load {

    /**
     * Adds rows, as {@link #write} takes them (a row's key may come again in a later call; the
     * newest row of a key is kept).
     *
     * @throws IllegalArgumentException a row of another view or with values not matching the view
     * @throws OnlineStoreException the store failed
     */
    void add(List<FeatureRow> rows);

    /**
     * Stores every row added not stored yet.
     *
     * @throws OnlineStoreException the store failed; some rows may have been written (each write is
     *     idempotent, so load them again)
     */
    void commit();
  }

  /**
   * The stored values of {@code keys}, one per key in the same order (duplicates allowed), in one
   * batched lookup.
   *
   * @param now the read time the view's ttl is measured against
   */
  List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now);

  /**
   * The stored values of keys of several views, as {@link #read} answers each view, for a caller
   * that needs features of several views at once (a feature server request). Stores that can answer
   * all views in one round trip do so; this default reads view after view.
   *
   * @param keys per view, the keys asked (duplicates allowed)
   * @return per view name, one value per key in the order asked
   */
  default Map<String, List<OnlineValue>> readAll(
      Map<FeatureView, List<EntityKey>> keys, Instant now) {
    Map<String, List<OnlineValue>> values = new HashMap<>();
    for (Map.Entry<FeatureView, List<EntityKey>> view : keys.entrySet()) {
      values.put(view.getKey().name(), read(view.getKey(), view.getValue(), now));
    }
    return values;
  }

  /**
   * {@link #readAll} without holding the caller's thread while the store answers, for a server that
   * must answer within a deadline whatever the store does. The caller may {@linkplain
   * CompletableFuture#cancel cancel} the future when it stops waiting; a store that sent a command
   * then drops it. This default answers in the calling thread, as an embedded store does.
   *
   * @return completes with what {@link #readAll} returns, or exceptionally with what it throws
   */
  default CompletableFuture<Map<String, List<OnlineValue>>> readAllAsync(
      Map<FeatureView, List<EntityKey>> keys, Instant now) {
    try {
      return CompletableFuture.completedFuture(readAll(keys, now));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #write} without holding the caller's thread while the store answers; see {@link
   * #readAllAsync}. Rows that do not match the view are still refused at once, with an {@link
   * IllegalArgumentException} thrown by this call.
   */
  default CompletableFuture<Void> writeAsync(FeatureView view, List<FeatureRow> rows) {
    try {
      write(view, rows);
      return CompletableFuture.completedFuture(null);
    } catch (OnlineStoreException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Removes the rows of {@code view} older than its ttl at {@code now} (none when the ttl is zero).
   * Reads already treat such rows as {@code OUTSIDE_MAX_AGE}; this only reclaims space, so a caller
   * runs it periodically, e.g. every ttl / 10. A row rewritten with a newer event time while the
   * sweep runs is kept.
   *
   * @return how many rows were removed (implementations that expire rows by themselves may return
   *     0)
   */
  long deleteExpired(FeatureView view, Instant now);

  /** Whether the store answers now (a cheap round trip), without throwing. */
  boolean isHealthy();

  /**
   * Whether the store answers a cheap round trip within {@code within}, without throwing; for a
   * readiness check bounded by the serving deadline. This default ignores the bound, as an embedded
   * store answers at once.
   */
  default boolean isHealthy(Duration within) {
    return isHealthy();
  }

  /** Releases the store's resources; idempotent. */
  @Override
  void close();

  /** "view 'a'" or "views 'a', 'b'", for messages. For implementations. */
  static String describe(Collection<FeatureView> views) {
    StringBuilder text = new StringBuilder(views.size() == 1 ? "view " : "views ");
    String separator = "";
    for (FeatureView view : views) {
      text.append(separator).append('\'').append(view.name()).append('\'');
      separator = ", ";
    }
    return text.toString();
  }

  /**
   * The rows of a write batch reduced to the newest per entity key, in first-seen key order, after
   * checking that each belongs to {@code view}. For implementations.
   */
  static Map<EntityKey, FeatureRow> newestPerKey(FeatureView view, List<FeatureRow> rows) {
    Map<EntityKey, FeatureRow> newest = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      FeatureRow row = rows.get(i);
      if (!row.view().equals(view.name())) {
        throw new IllegalArgumentException(
            "rows["
                + i
                + "]: a row of view '"
                + row.view()
                + "' cannot be written to view '"
                + view.name()
                + "'");
      }
      newest.merge(row.key(), row, (a, b) -> b.supersedes(a) ? b : a);
    }
    return newest;
  }
}
