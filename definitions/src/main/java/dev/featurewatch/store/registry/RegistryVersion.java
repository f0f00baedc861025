package dev.featurewatch.store.registry;

import dev.featurewatch.store.definition.FeatureRepository;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of the registry.
 *
 * @param version 1 for the first apply, one more for each later one
 * @param appliedAt when it was stored
 * @param repository the definitions
 */
public record RegistryVersion(long version, Instant appliedAt, FeatureRepository repository) {

  public RegistryVersion {
    if (version < 1) {
      throw new IllegalArgumentException("a registry version must be >= 1: " + version);
    }
    Objects.requireNonNull(appliedAt, "appliedAt");
    Objects.requireNonNull(repository, "repository");
  }
}
