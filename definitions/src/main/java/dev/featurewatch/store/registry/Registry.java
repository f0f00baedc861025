package dev.featurewatch.store.registry;

import dev.featurewatch.store.definition.FeatureRepository;
import java.util.Optional;

/**
 * Numbered versions of a feature repository. Each {@link #apply} that changes something stores a
 * new version, numbered one more than the last, atomically: readers see the old version or the new
 * one, and of two concurrent applies based on the same version only one wins.
 *
 * <pre>{@code
 * Registry registry = new FileRegistry(Path.of("build/registry"));
 * FeatureRepository repo = RepositoryReader.read(Path.of("feature_repo"));
 * System.out.println(registry.plan(repo));          // what apply would change
 * ApplyResult result = registry.apply(repo, false); // BreakingChangeException when it breaks
 * }</pre>
 */
public interface Registry {

  /** The latest version, empty before the first apply. */
  Optional<RegistryVersion> current();

  /** A stored version by number (1 is the first), empty when there is none of that number. */
  Optional<RegistryVersion> version(long number);

  /** What {@link #apply} would change, against the current version (or an empty repository). */
  default RepositoryDiff plan(FeatureRepository repository) {
    return RepositoryDiff.between(
        current().map(RegistryVersion::repository).orElse(FeatureRepository.empty()), repository);
  }

  /**
   * Stores {@code repository} as the next version, unless nothing changed (then the current version
   * stays and {@link ApplyResult#stored()} is false).
   *
   * @param force accept breaking changes (a feature's type changed, a feature removed from a view
   *     that remains, an entity's join keys changed, a view's entities changed)
   * @throws BreakingChangeException when the diff breaks readers and {@code force} is false
   * @throws ConcurrentApplyException when another apply stored a version in the meantime
   */
  ApplyResult apply(FeatureRepository repository, boolean force);
}
