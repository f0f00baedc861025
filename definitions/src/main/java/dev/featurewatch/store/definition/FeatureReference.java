package dev.featurewatch.store.definition;

import java.util.Objects;

/**
 * A reference to one feature of a view ({@code view:feature}) or to all features of a view ({@code
 * view}), as feature services and Feast requests write them.
 *
 * @param view the feature view's name
 * @param feature the feature's name; empty for the whole view
 */
public record FeatureReference(String view, String feature) {

  public FeatureReference {
    Objects.requireNonNull(view, "view");
    feature = feature == null ? "" : feature;
    if (view.isEmpty()) {
      throw new IllegalArgumentException(
          "a feature reference needs a view name: ':" + feature + "'");
    }
  }

  /**
   * Parses {@code view:feature} or {@code view}.
   *
   * @throws IllegalArgumentException when the text has an empty part or more than one colon
   */
  public static FeatureReference parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new FeatureReference(text, "");
    }
    String view = text.substring(0, colon);
    String feature = text.substring(colon + 1);
    if (view.isEmpty() || feature.isEmpty() || feature.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "a feature reference must be 'view' or 'view:feature', found '" + text + "'");
    }
    return new FeatureReference(view, feature);
  }

  /** Whether this names a whole view rather than one feature. */
  public boolean isWholeView() {
    return feature.isEmpty();
  }

  /** {@code view:feature}, or {@code view} for a whole view: the form {@link #parse} reads. */
  @Override
  public String toString() {
    return isWholeView() ? view : view + ":" + feature;
  }
}
