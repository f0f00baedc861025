package dev.featurewatch.store.online;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Feature views shared by the online store tests. */
public final class TestViews {

  private TestViews() {}

  /** A view with one feature of every type, in a fixed order, and the given ttl. */
  public static FeatureView allTypes(String name, Duration ttl) {
    return view(
        name,
        ttl,
        List.of(
            Field.of("trips", ValueType.INT64),
            Field.of("rating", ValueType.DOUBLE),
            Field.of("city", ValueType.STRING),
            Field.of("active", ValueType.BOOL),
            Field.of("last_trip", ValueType.TIMESTAMP),
            Field.of("embedding", ValueType.DOUBLE_LIST)));
  }

  /** A view of the given features. */
  public static FeatureView view(String name, Duration ttl, List<Field> features) {
    return new FeatureView(
        name, List.of("driver"), features, ttl, true, false, "", "", "", Map.of());
  }
}
