package dev.featurewatch.store.online.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStoreContract;
import dev.featurewatch.store.online.OnlineStoreException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbOnlineStoreTest extends OnlineStoreContract {

  @TempDir Path directory;

  @Override
  protected OnlineStore newStore() {
    return RocksDbOnlineStore.open(directory.resolve("online"));
  }

  @Test
  void rowsAndViewsSurviveAReopen() {
    store.write(VIEW, List.of(full(1, T0)));
    store.write(SMALL, List.of(counts(1, T0, T0, 3)));
    store.close();

    store = newStore();

    assertThat(store.read(VIEW, List.of(driver(1)), T0).get(0).values())
        .isEqualTo(full(1, T0).values());
    assertThat(store.read(SMALL, List.of(driver(1)), T0).get(0).value(0)).isEqualTo(3L);
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> RocksDbOnlineStore.open(directory.resolve("online")))
        .isInstanceOf(OnlineStoreException.class)
        .hasMessageContaining("cannot open RocksDB online store in");
  }
}
