package dev.featurewatch.monitoring.baseline;

import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.baseline.BaselineFormatException;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.modelregistry.ModelVersion;
import dev.featurewatch.store.definition.ModelMonitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the model version a monitor watches and that version's baseline: the version named, or the
 * one its alias points at now; the baseline attached to it in the model registry, or the monitor's
 * baseline file. Asks the registry for the baseline's bytes only when its digest is not the one
 * already known.
 */
final class BaselineLookup {

  private final ModelRegistry registry;
  private final Path repo;

  /**
   * @param repo the feature repository, against which baseline files resolve
   */
  public BaselineLookup(ModelRegistry registry, Path repo) {
    this.registry = registry;
    this.repo = repo;
  }

  /**
   * The monitor's baseline now, or empty when it is {@code known} still (or the registry cannot be
   * reached and something is known: the job goes on with it).
   *
   * @param known the last update sent for this monitor, null before the first
   */
  public Optional<BaselineUpdate> lookUp(ModelMonitor monitor, BaselineUpdate known) {
    BaselineUpdate now;
    try {
      now = current(monitor, known);
    } catch (ModelRegistryException e) {
      if (known != null && e.kind() == ModelRegistryException.Kind.UNAVAILABLE) {
        return Optional.empty();
      }
      now = problem(monitor, "", "model registry: " + e.getMessage());
    }
    boolean same =
        known != null
            && known.version().equals(now.version())
            && known.digest().equals(now.digest())
            && known.problem().equals(now.problem());
    return same ? Optional.empty() : Optional.of(now);
  }

  private BaselineUpdate current(ModelMonitor monitor, BaselineUpdate known) {
    ModelVersion version =
        monitor.version().isEmpty()
            ? registry.alias(monitor.model(), monitor.alias())
            : registry.version(monitor.model(), monitor.version());
    if (!ModelMonitor.REGISTRY_BASELINE.equals(monitor.baseline())) {
      return fromFile(monitor, version.version(), repo.resolve(monitor.baseline()).normalize());
    }
    String digest = version.tags().get(ModelRegistry.BASELINE_TAG);
    if (digest == null) {
      return problem(
          monitor,
          version.version(),
          "model '"
              + monitor.model()
              + "' version "
              + version.version()
              + " has no baseline: attach one with featurewatch baseline attach");
    }
    if (known != null
        && known.version().equals(version.version())
        && known.digest().equals(digest)) {
      return known;
    }
    byte[] bytes = registry.baseline(monitor.model(), version.version());
    String where = "the baseline attached to version " + version.version();
    if (!ModelRegistry.baselineDigest(bytes).equals(digest)) {
      // a half-written attachment, or a tag set by hand: wait for the two to agree
      return problem(
          monitor,
          version.version(),
          where + " does not match its tag " + ModelRegistry.BASELINE_TAG + "=" + digest);
    }
    return checked(monitor, version.version(), bytes, where);
  }

  private static BaselineUpdate fromFile(ModelMonitor monitor, String version, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return problem(monitor, version, "baseline file " + file + " does not exist");
    } catch (IOException e) {
      return problem(monitor, version, "baseline file " + file + ": " + e.getMessage());
    }
    return checked(monitor, version, bytes, file.toString());
  }

  /** An update with the baseline, or the reason it cannot be read. */
  private static BaselineUpdate checked(
      ModelMonitor monitor, String version, byte[] bytes, String where) {
    try {
      BaselineFile.read(new ByteArrayInputStream(bytes));
    } catch (BaselineFormatException e) {
      return problem(monitor, version, where + ": " + e.getMessage());
    } catch (IOException e) {
      return problem(monitor, version, where + ": cannot be read: " + e.getMessage());
    }
    return new BaselineUpdate(
        monitor.name(), version, ModelRegistry.baselineDigest(bytes), bytes, "", false);
  }

  private static BaselineUpdate problem(ModelMonitor monitor, String version, String problem) {
    return new BaselineUpdate(monitor.name(), version, "", null, problem, false);
  }
}
