package dev.featurewatch.dashboards;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules featurewatch's dashboards follow beyond what Grafana accepts, checked without Grafana
 * or Prometheus. Every problem is reported, each naming the file, the panel and the rule:
 *
 * <ul>
 *   <li>dashboard uids are set and unique, links to {@code /d/<uid>} lead to one of them;
 *   <li>panel ids are unique within a dashboard, nested panels of collapsed rows included;
 *   <li>every panel showing data has a title and at least one query with an expression, and the
 *       panel, its queries and the variables use the {@link Datasource#PROMETHEUS} datasource;
 *   <li>panels fit the 24-column grid and do not overlap (a collapsed row's panels are compared
 *       with each other, as Grafana lays them out when the row opens);
 *   <li>every {@code $variable} in a query, a title or a variable's query is defined in {@code
 *       templating.list} ({@code $__*} built-ins excepted);
 *   <li>query variables are {@code label_values(selector, label)} of a known metric, and every
 *       metric a query selects is known.
 * </ul>
 *
 * <p>PromQL syntax is {@code promtool}'s job: see the module's integration tests.
 */
final class DashboardCheck {

  /** The width of Grafana's grid. */
  public static final int COLUMNS = 24;

  private DashboardCheck() {}

  /**
   * The problems of {@code dashboards}, empty when there are none.
   *
   * @param knownMetric whether a metric name is one that Prometheus has: featurewatch's own, the
   *     recording rules', Flink's, {@code ALERTS}
   */
  public static List<String> problems(List<Dashboard> dashboards, Predicate<String> knownMetric) {
    List<String> problems = new ArrayList<>();
    Map<String, String> sourceByUid = new HashMap<>();
    for (Dashboard dashboard : dashboards) {
      if (dashboard.uid().isBlank()) {
        problems.add(dashboard.source() + ": uid must be set, so links and URLs stay stable");
      } else {
        String other = sourceByUid.putIfAbsent(dashboard.uid(), dashboard.source());
        if (other != null) {
          problems.add(
              dashboard.source()
                  + ": uid must be unique, found '"
                  + dashboard.uid()
                  + "' of "
                  + other
                  + " too");
        }
      }
    }
    for (Dashboard dashboard : dashboards) {
      new OneDashboard(dashboard, knownMetric, problems).check(sourceByUid.keySet());
    }
    return problems;
  }

  /** The checks of one dashboard, adding to a shared list of problems. */
  private record OneDashboard(
      Dashboard dashboard, Predicate<String> knownMetric, List<String> problems) {

    void check(Set<String> uids) {
      if (dashboard.title().isBlank()) {
        report("title must be set");
      }
      variablesDefined("title", dashboard.title());
      for (String link : dashboard.links()) {
        if (link.startsWith("/d/")) {
          String uid = link.substring(3).split("[/?#]", 2)[0];
          if (!uids.contains(uid)) {
            report("link " + link + " must lead to one of the dashboards " + uids);
          }
        }
      }
      variables();
      Set<Integer> ids = new HashSet<>();
      for (Panel panel : dashboard.allPanels()) {
        if (!ids.add(panel.id())) {
          report("panel ids must be unique, found " + panel.id() + " twice");
        }
        panel(panel);
      }
      noOverlaps(dashboard.panels());
      for (Panel panel : dashboard.panels()) {
        noOverlaps(panel.panels());
      }
    }

    private void variables() {
      Set<String> names = new HashSet<>();
      for (Variable variable : dashboard.variables()) {
        String where = "variable " + variable.name();
        if (!names.add(variable.name())) {
          report(where + ": must be defined once, found twice");
        }
        if (!variable.type().equals("query")) {
          continue;
        }
        datasource(where, variable.datasource());
        variablesDefined(where, variable.query());
        variable
            .labelValues()
            .ifPresentOrElse(
                values -> metricsKnown(where, PromQl.metricNames(values.selector())),
                () ->
                    report(
                        where
                            + ": query must be label_values(<metric selector>, <label>), found '"
                            + variable.query()
                            + "'"));
      }
    }

    private void panel(Panel panel) {
      String where = "panel " + panel.id() + " '" + panel.title() + "'";
      Panel.GridPos grid = panel.gridPos();
      if (grid.x() < 0
          || grid.y() < 0
          || grid.w() < 1
          || grid.h() < 1
          || grid.x() + grid.w() > COLUMNS) {
        report(where + ": gridPos must lie within the " + COLUMNS + " columns, found " + grid);
      }
      variablesDefined(where + " title", panel.title());
      if (!panel.showsData()) {
        return;
      }
      if (panel.title().isBlank()) {
        report(where + ": title must say what the panel shows");
      }
      datasource(where, panel.datasource());
      if (panel.queries().isEmpty()) {
        report(where + ": must have at least one query");
      }
      for (Query query : panel.queries()) {
        String queryWhere = where + " query " + query.refId();
        datasource(queryWhere, query.datasource());
        if (query.expr().isBlank()) {
          report(queryWhere + ": expr must be set");
        }
        variablesDefined(queryWhere, query.expr());
        metricsKnown(queryWhere, query.metricNames());
      }
    }

    private void noOverlaps(List<Panel> panels) {
      for (int i = 0; i < panels.size(); i++) {
        for (int j = i + 1; j < panels.size(); j++) {
          Panel a = panels.get(i);
          Panel b = panels.get(j);
          if (a.gridPos().overlaps(b.gridPos())) {
            report(
                "panels must not overlap, found panel "
                    + a.id()
                    + " "
                    + a.gridPos()
                    + " and panel "
                    + b.id()
                    + " "
                    + b.gridPos());
          }
        }
      }
    }

    private void datasource(String where, Datasource datasource) {
      if (!datasource.equals(Datasource.PROMETHEUS)) {
        report(where + ": datasource must be " + Datasource.PROMETHEUS + ", found " + datasource);
      }
    }

    private void variablesDefined(String where, String text) {
      for (String name : Templates.references(text)) {
        if (!name.startsWith("__") && dashboard.variable(name).isEmpty()) {
          report(where + ": $" + name + " must be defined in templating.list");
        }
      }
    }

    private void metricsKnown(String where, Set<String> metrics) {
      for (String metric : metrics) {
        if (!knownMetric.test(metric)) {
          report(where + ": metric " + metric + " is not one Prometheus has");
        }
      }
    }

    private void report(String problem) {
      problems.add(dashboard.source() + ": " + problem);
    }
  }
}
