package dev.featurewatch.store.definition;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The types a feature or join key can have, with the Java type that holds a value of it. A null
 * value is allowed for every type (Feast's {@code NULL_VALUE} status).
 */
public enum ValueType {
  /** 64-bit signed integer, held as {@link Long}. */
  INT64("int64", Long.class),
  /** 64-bit IEEE 754 float, held as {@link Double}. */
  DOUBLE("double", Double.class),
  /** UTF-8 text, held as {@link String}. */
  STRING("string", String.class),
  /** Boolean, held as {@link Boolean}. */
  BOOL("bool", Boolean.class),
  /** An instant with microsecond precision, held as {@link Instant}. */
  TIMESTAMP("timestamp", Instant.class),
  /** A list of doubles (an embedding), held as an unmodifiable {@code List<Double>}. */
  DOUBLE_LIST("list<double>", List.class);

  private final String id;
  private final Class<?> javaType;

  ValueType(String id, Class<?> javaType) {
    this.id = id;
    this.javaType = javaType;
  }

  /** The name used in feature repository YAML, e.g. {@code int64} or {@code list<double>}. */
  public String id() {
    return id;
  }

  /** The Java class of a non-null value of this type. */
  public Class<?> javaType() {
    return javaType;
  }

  /** True if {@code value} is null or an instance of this type's Java class. */
  public boolean accepts(Object value) {
    return value == null || javaType.isInstance(value);
  }

  /**
   * The type named {@code id} in YAML.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static ValueType fromId(String id) {
    for (ValueType type : values()) {
      if (type.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown value type '"
            + id
            + "': expected one of int64, double, string, bool, timestamp, list<double>");
  }
}
