package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnlineStoreOptionTest {

  private static String fileName(String location) {
    OnlineStoreOption option = new OnlineStoreOption();
    option.location = location;
    return option.fileName(Path.of("/srv/repo"));
  }

  @Test
  void aRedisStoreIsNamedByHostPortAndDatabaseWithoutItsPassword() {
    assertThat(fileName("redis://:s3cret@cache.example.com:6380/2"))
        .isEqualTo("redis-cache.example.com-6380-2");
    assertThat(fileName("redis://127.0.0.1")).isEqualTo("redis-127.0.0.1-6379-0");
  }

  @Test
  void rocksDbStoresAreNamedByDirectoryAndTellApartSameNamedDirectories() {
    String one = fileName("/data/a/online");
    String other = fileName("/data/b/online");

    assertThat(one).matches("rocksdb-online-[0-9a-f]{8}");
    assertThat(other).matches("rocksdb-online-[0-9a-f]{8}").isNotEqualTo(one);
    assertThat(new OnlineStoreOption().fileName(Path.of("/srv/repo")))
        .as("the default store")
        .isEqualTo(fileName("/srv/repo/.featurewatch/online"));
  }
}
