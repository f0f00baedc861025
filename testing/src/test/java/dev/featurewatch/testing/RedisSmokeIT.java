package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisSmokeIT {

  @Test
  void aValueSetThroughLettuceIsReadBack() {
    RedisClient client = RedisClient.create(TestServices.redisUri().toString());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      String key = "featurewatch:smoke:" + UUID.randomUUID();

      assertThat(redis.set(key, "value-1")).isEqualTo("OK");
      assertThat(redis.get(key)).isEqualTo("value-1");
      assertThat(redis.del(key)).isEqualTo(1L);
      assertThat(redis.get(key)).isNull();
    } finally {
      client.shutdown();
    }
  }
}
