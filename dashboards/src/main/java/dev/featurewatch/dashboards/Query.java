package dev.featurewatch.dashboards;

import java.util.Set;

/**
 * One PromQL query of a panel (a Grafana target), as written: {@code $variables} not expanded (see
 * {@link Dashboards#expand}).
 *
 * @param dashboard the uid of its dashboard
 * @param panelId its panel's id, unique within the dashboard
 * @param panelTitle its panel's title
 * @param refId the query's letter within the panel ({@code A}, {@code B}, ...)
 * @param expr the PromQL expression; empty when the target has none
 * @param datasource the datasource the target names
 */
public record Query(
    String dashboard,
    int panelId,
    String panelTitle,
    String refId,
    String expr,
    Datasource datasource) {

  /**
   * The metric names the expression selects, in order: {@code rate(x_total[5m]) / y} gives x_total,
   * y.
   */
  public Set<String> metricNames() {
    return PromQl.metricNames(expr);
  }

  /**
   * Where the query is, for messages: {@code featurewatch-models panel 9 'Drift score' query B}.
   */
  public String where() {
    return dashboard + " panel " + panelId + " '" + panelTitle + "' query " + refId;
  }
}
