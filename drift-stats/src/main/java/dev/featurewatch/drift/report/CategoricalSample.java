package dev.featurewatch.drift.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The counts of each category of one categorical column, as read from a file. */
public final class CategoricalSample implements Sample {

  private final String name;
  private final Map<String, Long> counts;
  private final long nulls;

  /**
   * @param name the column name
   * @param counts occurrences of each category, all positive; copied
   * @param nulls absent or empty values
   */
  public CategoricalSample(String name, Map<String, Long> counts, long nulls) {
    this.name = Objects.requireNonNull(name, "name");
    this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    this.counts.forEach(
        (category, count) -> {
          if (count == null || count <= 0) {
            throw new IllegalArgumentException(
                name + ": category counts must be > 0: '" + category + "' has " + count);
          }
        });
    if (nulls < 0) {
      throw new IllegalArgumentException(name + ": null count must be >= 0: " + nulls);
    }
    this.nulls = nulls;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long rows() {
    return nonNull() + nulls;
  }

  @Override
  public long missing() {
    return nulls;
  }

  @Override
  public long invalid() {
    return 0;
  }

  /** Occurrences of each category, in the order first seen. */
  public Map<String, Long> counts() {
    return counts;
  }

  /** Number of non-null values. */
  public long nonNull() {
    long n = 0;
    for (long c : counts.values()) {
      n += c;
    }
    return n;
  }
}
