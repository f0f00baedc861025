package dev.featurewatch.store.online.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreContract;
import dev.featurewatch.store.online.OnlineStoreException;
import dev.featurewatch.store.online.RowCodec;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract against a real Redis; every test has its own key prefix, so no FLUSHDB. */
class RedisOnlineStoreIT extends OnlineStoreContract {

  private static RedisClient admin;
  private static StatefulRedisConnection<byte[], byte[]> adminConnection;
  private static RedisCommands<byte[], byte[]> redis;

  @BeforeAll
  static void connectAdmin() {
    admin = RedisClient.create(RedisURI.create(TestServices.redisUri()));
    adminConnection = admin.connect(ByteArrayCodec.INSTANCE);
    redis = adminConnection.sync();
  }

  @AfterAll
  static void closeAdmin() {
    adminConnection.close();
    admin.shutdown();
  }

  @Override
  protected OnlineStore newStore() {
    return RedisOnlineStore.connect(
        RedisURI.create(TestServices.redisUri()),
        "fwtest:" + UUID.randomUUID() + ":",
        Duration.ofHours(1));
  }

  private RedisOnlineStore redisStore() {
    return (RedisOnlineStore) store;
  }

  /** Written, or loaded into keys not stored yet (set whole by the script's MSETNX). */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rowOfAViewWithTtlExpiresInRedisAfterTtlPlusMargin(boolean loaded) {
    write(VIEW, List.of(full(1, T0), full(2, T0)), loaded);

    for (long id : new long[] {1, 2}) {
      long pttl = redis.pttl(redisStore().key(VIEW, driver(id)));

      // ttl 2 h + margin 1 h, counted from the write
      assertThat(pttl)
          .isBetween(
              Duration.ofHours(3).minusMinutes(1).toMillis(), Duration.ofHours(3).toMillis());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rowOfAViewWithoutTtlNeverExpiresInRedis(boolean loaded) {
    write(SMALL, List.of(counts(1, T0, T0, 1)), loaded);

    assertThat(redis.pttl(redisStore().key(SMALL, driver(1)))).isEqualTo(-1L);
  }

  @Test
  void luaScriptOrdersRowsExactlyAsFeatureRowSupersedes() {
    // The script compares bytes; FeatureRow.supersedes compares instants: they must agree,
    // including negative times and ties broken by created time.
    Random random = new Random(42);
    // the script reads each time as a signed high and an unsigned low 32-bit half
    long[] micros = {
      Long.MIN_VALUE / 2,
      -4_294_967_296L,
      -1_000_001,
      -1,
      0,
      1,
      255,
      256,
      2_147_483_648L,
      4_294_967_295L,
      4_294_967_296L,
      1_714_564_800_123_456L
    };
    for (long id = 0; id < 300; id++) {
      FeatureRow a = row(id, pick(random, micros), pick(random, micros), 1);
      FeatureRow b = row(id, pick(random, micros), pick(random, micros), 2);
      store.write(SMALL, List.of(a));
      store.write(SMALL, List.of(b));

      long expected = b.supersedes(a) ? 2 : 1;
      assertThat(store.read(SMALL, List.of(driver(id)), T0).get(0).value(0))
          .as("%s then %s", a, b)
          .isEqualTo(expected);
    }
  }

  private static long pick(Random random, long[] values) {
    return values[random.nextInt(values.length)] + random.nextInt(3);
  }

  private static FeatureRow row(long id, long eventMicros, long createdMicros, long trips) {
    return new FeatureRow(
        "driver_counts",
        driver(id),
        Times.instant(eventMicros),
        Times.instant(createdMicros),
        List.of(trips));
  }

  @Test
  void writesRecoverWhenRedisHasLostTheScript() {
    store.write(SMALL, List.of(counts(1, T0, T0, 1)));
    redis.scriptFlush();

    store.write(SMALL, List.of(counts(1, T0.plusSeconds(1), T0, 2)));

    assertThat(store.read(SMALL, List.of(driver(1)), T0).get(0).value(0)).isEqualTo(2L);
  }

  @Test
  void storedValueIsTheRowCodecEncoding() {
    store.write(VIEW, List.of(full(1, T0)));

    byte[] stored = redis.get(redisStore().key(VIEW, driver(1)));

    assertThat(stored).isEqualTo(RowCodec.encode(VIEW, full(1, T0)));
  }

  @Test
  void unreachableRedisIsAStoreFailureNamingTheAddress() {
    RedisURI nowhere =
        RedisURI.builder()
            .withHost("127.0.0.1")
            .withPort(1)
            .withTimeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> RedisOnlineStore.connect(nowhere))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessageContaining("cannot connect to Redis 127.0.0.1:1");
  }
}
