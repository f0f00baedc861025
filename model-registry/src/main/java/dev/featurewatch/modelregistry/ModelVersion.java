package dev.featurewatch.modelregistry;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model version as the registry holds it.
 *
 * @param model the registered model's name
 * @param version the version, as registries number them ({@code "1"}, {@code "2"}, ...)
 * @param created when it was registered; null when the registry does not say (a version a local
 *     registry made before it kept the time)
 * @param source where the model's files are (a URI), {@code ""} when none was given
 * @param runId the run that trained it, {@code ""} when none was given
 * @param description free text, {@code ""} when none was given
 * @param aliases the aliases that point at it, sorted
 * @param tags its tags, by key, in key order
 */
public record ModelVersion(
    String model,
    String version,
    Instant created,
    String source,
    String runId,
    String description,
    List<String> aliases,
    Map<String, String> tags) {

  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    source = Objects.requireNonNullElse(source, "");
    runId = Objects.requireNonNullElse(runId, "");
    description = Objects.requireNonNullElse(description, "");
    aliases = aliases.stream().sorted().toList();
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** A version known only by its number and tags. */
  public ModelVersion(String model, String version, Map<String, String> tags) {
    this(model, version, null, "", "", "", List.of(), tags);
  }
}
