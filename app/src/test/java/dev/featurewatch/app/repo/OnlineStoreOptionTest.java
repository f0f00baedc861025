package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
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
  void rocksDbOpensInTheRepositoryByDefaultAndWithTheCacheAsked() {
    try (OnlineStore byDefault = parse().open(dir)) {
      assertThat(byDefault).isInstanceOf(RocksDbOnlineStore.class);
      assertThat(byDefault.toString()).contains(dir.resolve(".featurewatch/online").toString());
    }
    try (OnlineStore cached =
        parse("--online", dir.resolve("other").toString(), "--rocksdb-cache", "8").open(dir)) {
      assertThat(cached.isHealthy()).isTrue();
    }
  }

  @Test
  void aCacheBelowOneMibIsABadInput() {
    OnlineStoreOption option = parse("--rocksdb-cache", "0");

    assertThatThrownBy(() -> option.open(dir))
        .isInstanceOf(InputException.class)
        .hasMessage("--rocksdb-cache must be at least 1 MiB: 0");
  }

  @Test
  void aCacheForRedisIsABadInputBeforeConnecting() {
    OnlineStoreOption option = parse("--online", "redis://127.0.0.1:1", "--rocksdb-cache", "1024");

    assertThatThrownBy(() -> option.open(dir))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "--rocksdb-cache: only for a RocksDB online store, not --online redis://127.0.0.1:1");
  }
}
