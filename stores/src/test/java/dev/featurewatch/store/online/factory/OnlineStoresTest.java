package dev.featurewatch.store.online.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineStoresTest {

  private static final FeatureView VIEW =
      new FeatureView(
          "v",
          List.of("driver"),
          List.of(Field.of("x", ValueType.INT64)),
          Duration.ZERO,
          true,
          false,
          "",
          "",
          "",
          Map.of());
  private static final EntityKey KEY = EntityKey.of("driver_id", 1L);

  @TempDir Path dir;

  @Test
  void oneRocksDbDirectoryIsSharedUntilItsLastHandleCloses() {
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    OnlineStore first = OnlineStores.open(dir.toString());
    try (OnlineStore second = OnlineStores.open(dir.resolve(".").toString())) {
      first.write(VIEW, List.of(new FeatureRow("v", KEY, t, null, List.of(7L))));
      first.close();
      first.close();

      assertThat(first.isHealthy()).isFalse();
      assertThat(second.isHealthy()).isTrue();
      assertThat(second.read(VIEW, List.of(KEY), t).get(0).values()).containsExactly(7L);
    }
    // all handles closed: the directory can be opened again (RocksDB's lock was released)
    try (OnlineStore again = OnlineStores.open(dir.toString())) {
      assertThat(again.read(VIEW, List.of(KEY), Instant.now()).get(0).values()).containsExactly(7L);
    }
  }
}
