package dev.featurewatch.store.registry;

import dev.featurewatch.store.definition.FeatureRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** The apply logic shared by the backends; they only read and compare-and-set versions. */
abstract sealed class StoredRegistry implements Registry permits FileRegistry, RedisRegistry {

  private final Clock clock;

  StoredRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores {@code next} as current if the current version is still {@code expected} (0 for none),
   * and keeps it retrievable by {@link #version(long)}.
   *
   * @throws ConcurrentApplyException otherwise
   */
  abstract void compareAndSet(long expected, RegistryVersion next);

  @Override
  public final ApplyResult apply(FeatureRepository repository, boolean force) {
    Objects.requireNonNull(repository, "repository");
    Optional<RegistryVersion> previous = current();
    RepositoryDiff diff =
        RepositoryDiff.between(
            previous.map(RegistryVersion::repository).orElse(FeatureRepository.empty()),
            repository);
    if (diff.isBreaking() && !force) {
      throw new BreakingChangeException(diff);
    }
    if (previous.isPresent() && diff.isEmpty()) {
      return new ApplyResult(diff, previous, previous.get(), false);
    }
    long expected = previous.map(RegistryVersion::version).orElse(0L);
    RegistryVersion next = new RegistryVersion(expected + 1, clock.instant(), repository);
    compareAndSet(expected, next);
    return new ApplyResult(diff, previous, next, true);
  }
}
