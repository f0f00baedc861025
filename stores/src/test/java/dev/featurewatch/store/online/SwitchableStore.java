package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real store that fails like an unreachable one while {@code down} is set: a fake outage. */
public final class SwitchableStore implements OnlineStore {

  private final OnlineStore store;
  private final AtomicBoolean down;

  public SwitchableStore(OnlineStore store, AtomicBoolean down) {
    this.store = store;
    this.down = down;
  }

  private void check() {
    if (down.get()) {
      throw new OnlineStoreException("the test switched the store off", null);
    }
  }

  @Override
  public void write(FeatureView view, List<FeatureRow> rows) {
    check();
    store.write(view, rows);
  }

  @Override
  public List<OnlineValue> read(FeatureView view, List<EntityKey> keys, Instant now) {
    check();
    return store.read(view, keys, now);
  }

  @Override
  public long deleteExpired(FeatureView view, Instant now) {
    check();
    return store.deleteExpired(view, now);
  }

  @Override
  public boolean isHealthy() {
    return !down.get() && store.isHealthy();
  }

  @Override
  public void close() {}
}
