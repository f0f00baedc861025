package dev.featurewatch.dashboards;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template variable of a dashboard ({@code templating.list}), used in queries as {@code $name}.
 *
 * @param name the name queries refer to
 * @param type {@code query}, {@code custom}, {@code interval}, ...
 * @param query the query listing its values, for a {@code query} variable; empty when not given
 * @param datasource the datasource the query runs on
 * @param multi whether several values can be selected
 * @param includeAll whether an "All" value is offered
 */
record Variable(
    String name,
    String type,
    String query,
    Datasource datasource,
    boolean multi,
    boolean includeAll) {

  /**
   * A {@code label_values(selector, label)} query: the values of {@code label} among the series
   * {@code selector} matches.
   */
  public record LabelValues(String selector, String label) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "\\s*label_values\\(\\s*(.+?)\\s*,\\s*([A-Za-z_]\\w*)\\s*\\)\\s*", Pattern.DOTALL);

  /**
   * The query's selector and label, when it is {@code label_values} with a selector; empty for any
   * other query, {@code label_values(label)} (every series: no metric) included.
   */
  public Optional<LabelValues> labelValues() {
    Matcher m = LABEL_VALUES.matcher(query);
    return m.matches() ? Optional.of(new LabelValues(m.group(1), m.group(2))) : Optional.empty();
  }
}
