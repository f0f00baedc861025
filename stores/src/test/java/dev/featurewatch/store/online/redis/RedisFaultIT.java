package dev.featurewatch.store.online.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.TestViews;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.testing.RedisServer;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store does when its Redis stalls or goes away, on a Redis of the test's own: a caller
 * can stop waiting and drop its command, commands fail at once rather than queue while Redis is
 * down, and the store serves again by itself once Redis is back.
 */
class RedisFaultIT {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final FeatureView VIEW =
      TestViews.view("driver_counts", Duration.ZERO, List.of(Field.of("trips", ValueType.INT64)));
  private static final EntityKey DRIVER = EntityKey.of("driver_id", 1L);
  // the longest any step here may take; far above what each needs, so a slow machine passes
  private static final long PATIENCE_SECONDS = 30;

  @TempDir Path dir;
  private RedisServer redis;
  private RedisOnlineStore store;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start(dir);
    // a command timeout longer than the test: what ends a wait here is the caller or a rejection
    store =
        RedisOnlineStore.connect(
            RedisURI.create(redis.url() + "?timeout=120s"), "fw:", Duration.ofHours(1));
    store.write(VIEW, List.of(row(7)));
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    redis.close();
  }

  @Test
  void aFrozenRedisLeavesTheReadPendingUntilTheCallerDropsItAndServesAgainWhenThawed()
      throws Exception {
    redis.freeze();
    CompletableFuture<Map<String, List<OnlineValue>>> read =
        store.readAllAsync(Map.of(VIEW, List.of(DRIVER)), T0);
    assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(read.cancel(true)).isTrue();
    assertThat(store.isHealthy(Duration.ofMillis(200))).isFalse();

    redis.thaw();

    assertThat(trips()).isEqualTo(7L);
    assertThat(store.isHealthy(Duration.ofSeconds(PATIENCE_SECONDS))).isTrue();
  }

  @Test
  void whileRedisIsDownCommandsFailAtOnceAndAfterARestartTheStoreServesWithoutReconnecting()
      throws Exception {
    redis.stop();

    // rejected, not queued until Redis returns: the command timeout (120 s) never comes into it
    CompletableFuture<Map<String, List<OnlineValue>>> read =
        store.readAllAsync(Map.of(VIEW, List.of(DRIVER)), T0);
    assertThatThrownBy(() -> read.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(OnlineStoreException.class);
    assertThatThrownBy(() -> store.write(VIEW, List.of(row(8))))
        .isInstanceOf(OnlineStoreException.class);

    redis.restart();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!store.isHealthy(Duration.ofSeconds(1))) {
      assertThat(System.nanoTime()).as("the store reconnects by itself").isLessThan(deadline);
      Thread.sleep(50);
    }
    // the append-only file kept the row; Redis lost its scripts, which the write reloads
    assertThat(trips()).isEqualTo(7L);
    store.write(VIEW, List.of(row(9)));
    assertThat(trips()).isEqualTo(9L);
  }

  private Object trips() throws Exception {
    return store
        .readAllAsync(Map.of(VIEW, List.of(DRIVER)), T0)
        .get(PATIENCE_SECONDS, TimeUnit.SECONDS)
        .get(VIEW.name())
        .get(0)
        .value(0);
  }

  private static FeatureRow row(long trips) {
    Instant event = T0.minusSeconds(100 - trips);
    return new FeatureRow(VIEW.name(), DRIVER, event, event, List.of(trips));
  }
}
