package dev.featurewatch.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every registry backend does; each backend's test extends this. */
abstract class RegistryContract {

  static final Instant T0 = Instant.parse("2026-11-23T04:00:00Z");

  /** A new, empty registry; every call of one test returns a view of the same storage. */
  abstract StoredRegistry registry(Clock clock);

  StoredRegistry registry() {
    return registry(Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void anEmptyRegistryHasNoVersion() {
    assertThat(registry().current()).isEmpty();
    assertThat(registry().version(1)).isEmpty();
  }

  @Test
  void theFirstApplyStoresVersionOneWithEverythingCreated() {
    ApplyResult result = registry().apply(Fixtures.repository(), false);

    assertThat(result.stored()).isTrue();
    assertThat(result.previous()).isEmpty();
    assertThat(result.current()).isEqualTo(new RegistryVersion(1, T0, Fixtures.repository()));
    assertThat(result.diff().featureViews().created())
        .containsExactly("driver_stats", "customer_profile", "driver_trips");
    assertThat(registry().current()).contains(result.current());
  }

  @Test
  void applyingTheSameRepositoryAgainStoresNothing() {
    registry().apply(Fixtures.repository(), false);

    ApplyResult again = registry().apply(Fixtures.repository(), false);

    assertThat(again.stored()).isFalse();
    assertThat(again.diff().isEmpty()).isTrue();
    assertThat(again.current().version()).isEqualTo(1);
    assertThat(registry().version(2)).isEmpty();
  }

  @Test
  void eachChangeStoresTheNextVersionAndKeepsThePreviousOnes() {
    registry(Clock.fixed(T0, ZoneOffset.UTC)).apply(Fixtures.repository(), false);
    FeatureRepository shorterTtl =
        Fixtures.withView(
            "customer_profile",
            v ->
                new FeatureView(
                    v.name(),
                    v.entities(),
                    v.features(),
                    Duration.ofDays(30),
                    v.online(),
                    v.offline(),
                    v.source(),
                    v.owner(),
                    v.description(),
                    v.tags()));
    Instant t1 = T0.plusSeconds(60);

    ApplyResult result = registry(Clock.fixed(t1, ZoneOffset.UTC)).apply(shorterTtl, false);

    assertThat(result.diff().featureViews().updated()).containsExactly("customer_profile");
    assertThat(result.current()).isEqualTo(new RegistryVersion(2, t1, shorterTtl));
    assertThat(registry().current()).contains(result.current());
    assertThat(registry().version(1)).contains(new RegistryVersion(1, T0, Fixtures.repository()));
    assertThat(registry().version(2)).contains(result.current());
  }

  @Test
  void breakingChangesAreRefusedUnlessForced() {
    registry().apply(Fixtures.repository(), false);
    FeatureRepository retyped =
        Fixtures.withView(
            "customer_profile",
            v -> Fixtures.withFeatures(v, List.of(Field.of("embedding", ValueType.STRING))));

    assertThatThrownBy(() -> registry().apply(retyped, false))
        .isInstanceOf(BreakingChangeException.class)
        .hasMessage(
            "refusing 1 breaking change (apply with force to accept):\n"
                + "  feature view 'customer_profile': feature 'embedding' changed type from"
                + " list<double> to string");
    assertThat(registry().current().orElseThrow().version()).isEqualTo(1);

    ApplyResult forced = registry().apply(retyped, true);

    assertThat(forced.stored()).isTrue();
    assertThat(forced.diff().isBreaking()).isTrue();
    assertThat(registry().current().orElseThrow().repository()).isEqualTo(retyped);
  }

  @Test
  void anApplyBasedOnAStaleVersionLoses() {
    StoredRegistry registry = registry();
    registry.apply(Fixtures.repository(), false);
    RegistryVersion stale = new RegistryVersion(1, T0, FeatureRepository.empty());

    assertThatThrownBy(() -> registry.compareAndSet(0, stale))
        .isInstanceOf(ConcurrentApplyException.class)
        .hasMessage(
            "the registry changed during apply: expected version 0 to be current, found 1;"
                + " review the new diff and apply again");
    assertThat(registry.current().orElseThrow().repository()).isEqualTo(Fixtures.repository());
  }

  @Test
  void ofConcurrentAppliesEachStoredVersionHasOneWinner() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        // Every thread applies a different repository, so every apply that wins stores a version.
        FeatureRepository repo =
            Fixtures.withView(
                "customer_profile",
                v ->
                    new FeatureView(
                        v.name(),
                        v.entities(),
                        v.features(),
                        Duration.ofHours(1 + outcomes.size()),
                        v.online(),
                        v.offline(),
                        v.source(),
                        v.owner(),
                        v.description(),
                        v.tags()));
        StoredRegistry registry = registry();
        Callable<Boolean> apply =
            () -> {
              start.await();
              try {
                return registry.apply(repo, false).stored();
              } catch (ConcurrentApplyException e) {
                return false;
              }
            };
        outcomes.add(pool.submit(apply));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> outcome : outcomes) {
        won += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(won).isBetween(1, threads);
      assertThat(registry().current().orElseThrow().version()).isEqualTo(won);
      for (int v = 1; v <= won; v++) {
        assertThat(registry().version(v)).map(RegistryVersion::version).contains((long) v);
      }
      assertThat(registry().version(won + 1)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
