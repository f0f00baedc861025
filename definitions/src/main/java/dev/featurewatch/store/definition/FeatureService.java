package dev.featurewatch.store.definition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of features a model uses, so that training and serving ask for the same ones.
 *
 * @param name unique in the repository
 * @param features the referenced features and whole views, in declaration order
 * @param description free text, may be empty
 * @param tags free key-value labels
 */
public record FeatureService(
    String name, List<FeatureReference> features, String description, Map<String, String> tags) {

  public FeatureService {
    Objects.requireNonNull(name, "name");
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException(
          "feature service '" + name + "' needs at least one feature");
    }
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
