package dev.featurewatch.modelregistry;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model version as the registry holds it.
 *
 * @param model the registered model's name
 * @param version the version, as registries number them ({@code "1"}, {@code "2"}, ...)
 * @param tags its tags, by key, in key order
 */
public record ModelVersion(String model, String version, Map<String, String> tags) {

  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
  }
}
