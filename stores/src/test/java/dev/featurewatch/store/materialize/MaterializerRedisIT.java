package dev.featurewatch.store.materialize;

import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.testing.TestServices;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.UUID;

/** Every materialization case of {@link MaterializerTest}, into the test services' real Redis. */
class MaterializerRedisIT extends MaterializerTest {

  @Override
  OnlineStore newOnlineStore() {
    // a prefix of its own per test: the Redis database is shared by the whole build
    return RedisOnlineStore.connect(
        RedisURI.create(TestServices.redisUri()),
        "fwtest:" + UUID.randomUUID() + ":",
        Duration.ofHours(1));
  }
}
