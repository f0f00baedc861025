package dev.featurewatch.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Grafana dashboard, read by {@link Dashboards#load}: what the checks and the end-to-end tests
 * need of it, not every setting of Grafana's model.
 *
 * @param source the file it was read from, for messages: {@code model-monitoring.json}
 * @param uid the stable id Grafana's URLs use ({@code /d/featurewatch-models}); empty when not
 *     given
 * @param title the dashboard's title; empty when not given
 * @param tags its tags
 * @param variables its template variables, in order
 * @param panels its top-level panels in file order (rows included)
 * @param links the URLs of its links to other dashboards
 */
public record Dashboard(
    String source,
    String uid,
    String title,
    List<String> tags,
    List<Variable> variables,
    List<Panel> panels,
    List<String> links) {

  public Dashboard {
    tags = List.copyOf(tags);
    variables = List.copyOf(variables);
    panels = List.copyOf(panels);
    links = List.copyOf(links);
  }

  /** Every panel, rows and the panels in collapsed rows included, in file order. */
  public List<Panel> allPanels() {
    List<Panel> all = new ArrayList<>();
    for (Panel panel : panels) {
      all.add(panel);
      all.addAll(panel.panels());
    }
    return all;
  }

  /** Every query of every panel, in file order. */
  public List<Query> queries() {
    return allPanels().stream().flatMap(p -> p.queries().stream()).toList();
  }

  /** The variable {@code templating.list} defines as {@code name}. */
  public Optional<Variable> variable(String name) {
    return variables.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
