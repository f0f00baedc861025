package dev.featurewatch.store.online.factory;

import dev.featurewatch.store.config.RedisLocations;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens an online store by its location: a Redis URL, or a RocksDB directory.
 *
 * <p>A RocksDB directory can be opened once per process (RocksDB locks it), yet in the embedded
 * mode the feature server and every sink subtask of the pipeline use the same one. So RocksDB
 * stores are shared: each {@link #open} of a directory returns a handle on one store, which closes
 * when the last handle does. Redis stores are independent connections.
 */
public final class OnlineStores {

  private static final Map<Path, Shared> ROCKSDB = new HashMap<>();

  /**
   * A store at {@code location}; the caller closes it.
   *
   * @param location {@code redis://…} or {@code rediss://…}, else a directory for RocksDB
   */
  public static OnlineStore open(String location) {
    if (RepositoryConfig.isRedis(location)) {
      return RedisOnlineStore.connect(
          RedisLocations.uri(location),
          RedisOnlineStore.DEFAULT_KEY_PREFIX,
          RedisOnlineStore.DEFAULT_EXPIRY_MARGIN,
          RedisLocations.sslOptions());
    }
    Path directory = Path.of(location).toAbsolutePath().normalize();
    synchronized (ROCKSDB) {
      Shared shared = ROCKSDB.get(directory);
      if (shared == null) {
        shared = new Shared(directory, RocksDbOnlineStore.open(directory));
        ROCKSDB.put(directory, shared);
      }
      shared.handles++;
      return new Handle(shared);
    }
  }

  private static final class Shared {
    final Path directory;
    final OnlineStore store;
    int handles;

    Shared(Path directory, OnlineStore store) {
      this.directory = directory;
      this.store = store;
    }

    void release() {
      synchronized (ROCKSDB) {
        if (--handles == 0) {
          ROCKSDB.remove(directory);
          store.close();
        }
      }
    }
  }

  /** One user's view of a shared store: closing it releases only this handle. */
  private static final class Handle implements OnlineStore {
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    Handle(Shared shared) {
      this.shared = shared;
    }

    @Override
    public void write(FeatureView view, List<FeatureRow> rows) {
      shared.store.write(view, rows);
    }

    @Override
    public Load load(FeatureView view) {
      return shared.store.load(view);
    }

    @Override
    public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
      return shared.store.read(view, keys, now);
    }

    @Override
    public Map<String, List<OnlineValue>> readAll(
        Map<FeatureView, List<EntityKey>> keys, Instant now) {
      return shared.store.readAll(keys, now);
    }

    @Override
    public CompletableFuture<Map<String, List<OnlineValue>>> readAllAsync(
        Map<FeatureView, List<EntityKey>> keys, Instant now) {
      return shared.store.readAllAsync(keys, now);
    }

    @Override
    public CompletableFuture<Void> writeAsync(FeatureView view, List<FeatureRow> rows) {
      return shared.store.writeAsync(view, rows);
    }

    @Override
    public long deleteExpired(FeatureView view, Instant now) {
      return shared.store.deleteExpired(view, now);
    }

    @Override
    public boolean isHealthy() {
      return !closed.get() && shared.store.isHealthy();
    }

    @Override
    public boolean isHealthy(Duration within) {
      return !closed.get() && shared.store.isHealthy(within);
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        shared.release();
      }
    }

    @Override
    public String toString() {
      return shared.store.toString();
    }
  }

  private OnlineStores() {}
}
