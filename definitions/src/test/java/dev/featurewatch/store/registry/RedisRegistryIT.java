package dev.featurewatch.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry contract against the real Redis of {@code scripts/test-services.sh}. */
class RedisRegistryIT extends RegistryContract {

  private static RedisClient client;
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
  // A fresh registry per test, so tests share nothing and leave keys only under this name.
  private final String name = "it-" + UUID.randomUUID();

  @BeforeAll
  static void connect() {
    client = RedisClient.create(TestServices.redisUri().toString());
  }

  @AfterAll
  static void shutdown() {
    client.shutdown();
  }

  @Override
  StoredRegistry registry(Clock clock) {
    // One connection per registry, as separate servers would have.
    StatefulRedisConnection<String, String> connection = client.connect();
    connections.add(connection);
    return new RedisRegistry(connection, name, clock);
  }

  @AfterEach
  void deleteKeysAndClose() {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<String> keys = connection.sync().keys("featurewatch:registry:{" + name + "}*");
      if (!keys.isEmpty()) {
        connection.sync().del(keys.toArray(String[]::new));
      }
    }
    connections.forEach(StatefulRedisConnection::close);
  }

  @Test
  void theCurrentVersionAndEachNumberedVersionLiveUnderOneHashTag() {
    RedisRegistry registry = (RedisRegistry) registry();
    registry.apply(Fixtures.repository(), false);

    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().keys("featurewatch:registry:{" + name + "}*"))
          .containsExactlyInAnyOrder(registry.key(), registry.key() + ":v1");
      assertThat(connection.sync().hget(registry.key(), "version")).isEqualTo("1");
    }
  }

  @Test
  void aCorruptValueIsReportedWithItsKey() {
    RedisRegistry registry = (RedisRegistry) registry();
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().hset(registry.key(), "json", "[]");
    }

    assertThatThrownBy(registry::current)
        .isInstanceOf(RegistryException.class)
        .hasMessage(registry.key() + ": must be an object, found []");
  }

  @Test
  void registryNamesAreCheckedSoKeysStayInOneSlot() {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThatThrownBy(() -> new RedisRegistry(connection, "a}b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a registry name must match [A-Za-z0-9_.-]+, found 'a}b'");
    }
  }
}
