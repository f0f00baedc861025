package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.online.OnlineStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class OnlineStoreOptionTest {

  @TempDir Path dir;

  @Command(name = "host")
  static final class Host {
    @Mixin OnlineStoreOption online;
  }

  private OnlineStoreOption parse(String... args) {
    Host host = new Host();
    new CommandLine(host).parseArgs(args);
    return host.online;
  }

  @Test
  void rocksDbOpensInTheRepositoryByDefaultOrWhereAsked() {
    try (OnlineStore byDefault = parse().open(dir)) {
      assertThat(byDefault.toString())
          .startsWith("RocksDbOnlineStore")
          .contains(dir.resolve(".featurewatch/online").toString());
    }
    try (OnlineStore other = parse("--online", dir.resolve("other").toString()).open(dir)) {
      assertThat(other.toString()).contains(dir.resolve("other").toString());
    }
  }

  private String fileName(String location) {
    return parse("--online", location).fileName(Path.of("/srv/repo"));
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
    assertThat(parse().fileName(Path.of("/srv/repo")))
        .as("the default store")
        .isEqualTo(fileName("/srv/repo/.featurewatch/online"));
  }
}
