package dev.featurewatch.store.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * What an apply did.
 *
 * @param diff the changes against the previous version (all creations on the first apply)
 * @param previous the version the apply started from, empty on the first apply
 * @param current the version now current: the new one, or {@code previous} when nothing changed
 * @param stored whether a new version was stored
 */
public record ApplyResult(
    RepositoryDiff diff,
    Optional<RegistryVersion> previous,
    RegistryVersion current,
    boolean stored) {

  public ApplyResult {
    Objects.requireNonNull(diff, "diff");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
  }
}
