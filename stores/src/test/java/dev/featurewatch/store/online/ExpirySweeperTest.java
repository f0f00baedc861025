package dev.featurewatch.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpirySweeperTest {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final FeatureView HOURLY =
      TestViews.view("hourly", Duration.ofHours(1), List.of(Field.of("x", ValueType.DOUBLE)));
  private static final FeatureView DAILY =
      TestViews.view("daily", Duration.ofDays(1), List.of(Field.of("x", ValueType.DOUBLE)));
  private static final FeatureView FOREVER =
      TestViews.view("forever", Duration.ZERO, List.of(Field.of("x", ValueType.DOUBLE)));

  @TempDir Path directory;

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  private OnlineStore store;
  private ExpirySweeper sweeper;

  @BeforeEach
  void openStore() {
    store = RocksDbOnlineStore.open(directory);
    FeatureRepository repository =
        FeatureRepository.of(List.of(), List.of(), List.of(HOURLY, DAILY, FOREVER), List.of());
    sweeper = new ExpirySweeper(store, () -> repository, clock);
  }

  @AfterEach
  void closeStore() {
    sweeper.close();
    store.close();
  }

  private void write(FeatureView view, long driver, Instant eventTime) {
    store.write(
        view,
        List.of(
            new FeatureRow(
                view.name(),
                EntityKey.of("driver_id", driver),
                eventTime,
                eventTime,
                List.of(1.0))));
  }

  private boolean stored(FeatureView view, long driver) {
    return store.read(view, List.of(EntityKey.of("driver_id", driver)), Instant.MIN).get(0).found();
  }

  @Test
  void eachViewIsSweptEveryTenthOfItsTtlAndViewsWithoutTtlNever() {
    write(HOURLY, 1, T0.minus(Duration.ofHours(2)));
    write(HOURLY, 2, T0);
    write(DAILY, 1, T0.minus(Duration.ofHours(2)));
    write(FOREVER, 1, T0.minus(Duration.ofDays(3650)));

    Map<String, Long> first = sweeper.sweepDue();
    assertThat(first).containsExactly(Map.entry("hourly", 1L), Map.entry("daily", 0L));
    assertThat(stored(HOURLY, 1)).isFalse();
    assertThat(stored(HOURLY, 2)).isTrue();
    assertThat(stored(FOREVER, 1)).isTrue();

    // 6 minutes on: the hourly view is due again (every 6 min), the daily one not (every 2.4 h)
    now.set(T0.plus(Duration.ofMinutes(6)));
    assertThat(sweeper.sweepDue()).containsOnlyKeys("hourly");
    now.set(T0.plus(Duration.ofHours(2).plusMinutes(24)));
    assertThat(sweeper.sweepDue()).containsOnlyKeys("hourly", "daily");
    assertThat(stored(HOURLY, 2)).isFalse();
  }

  @Test
  void theIntervalIsATenthOfTheTtlButAtLeastAMinute() {
    assertThat(ExpirySweeper.interval(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(6));
    assertThat(ExpirySweeper.interval(Duration.ofMinutes(5))).isEqualTo(ExpirySweeper.MIN_INTERVAL);
    assertThat(ExpirySweeper.interval(Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aViewThatFailedIsSweptAgainAtTheNextTick() {
    AtomicBoolean down = new AtomicBoolean(true);
    FeatureRepository repository =
        FeatureRepository.of(List.of(), List.of(), List.of(HOURLY, DAILY), List.of());
    ExpirySweeper flaky =
        new ExpirySweeper(new SwitchableStore(store, down), () -> repository, clock);
    write(HOURLY, 1, T0.minus(Duration.ofHours(2)));

    assertThat(flaky.sweepDue()).isEmpty();
    down.set(false);
    now.set(T0.plusSeconds(1)); // well within the interval: the failed sweep did not count

    assertThat(flaky.sweepDue()).containsOnlyKeys("hourly", "daily");
    assertThat(stored(HOURLY, 1)).isFalse();
  }
}
