package dev.featurewatch.store.definition;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of features of the same entities, computed from one source and stored together: one
 * online row per entity key, one offline row per event.
 *
 * @param name unique in the repository
 * @param entities names of the entities whose join keys identify a row
 * @param features the schema, in declaration order
 * @param ttl how old a value may be and still be served or joined; {@link Duration#ZERO} for no
 *     limit
 * @param online whether rows go to the online store
 * @param offline whether rows go to the offline store
 * @param source the name of the data source, may be empty
 * @param owner who to ask, may be empty
 * @param description free text, may be empty
 * @param tags free key-value labels
 * @param stream how the features are computed from a stream, for a stream feature view; null for a
 *     view of rows written as they are (by materialization or pushes)
 */
public record FeatureView(
    String name,
    List<String> entities,
    List<Field> features,
    Duration ttl,
    boolean online,
    boolean offline,
    String source,
    String owner,
    String description,
    Map<String, String> tags,
    StreamSpec stream)
    implements Serializable {

  public FeatureView {
    Objects.requireNonNull(name, "name");
    entities = List.copyOf(entities);
    features = List.copyOf(features);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException(
          "feature view '" + name + "': ttl must be zero (no limit) or positive: " + ttl);
    }
    source = source == null ? "" : source;
    owner = owner == null ? "" : owner;
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A view that is not a stream feature view. */
  public FeatureView(
      String name,
      List<String> entities,
      List<Field> features,
      Duration ttl,
      boolean online,
      boolean offline,
      String source,
      String owner,
      String description,
      Map<String, String> tags) {
    this(name, entities, features, ttl, online, offline, source, owner, description, tags, null);
  }

  /** Whether a stream pipeline computes this view's features. */
  public boolean isStream() {
    return stream != null;
  }

  /** The feature of that name. */
  public Optional<Field> feature(String featureName) {
    return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
  }

  /** The position of the feature in {@link #features()}, or -1. */
  public int indexOf(String featureName) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(featureName)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a value this old may still be served: always when the ttl is zero. */
  public boolean withinTtl(Duration age) {
    return ttl.isZero() || age.compareTo(ttl) <= 0;
  }
}
