package dev.featurewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query and every variable's {@code label_values} selector, with its variables
 * expanded, is valid PromQL as {@code promtool} parses it: each becomes the expression of a
 * recording rule {@code dashboard_query_<n>} in one rule file, and {@code promtool check rules}
 * names the rules it cannot parse.
 */
class DashboardQueriesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RULE = Pattern.compile("\"dashboard_query_(\\d+)\"");

  @TempDir Path tmp;

  @Test
  void everyPanelQueryAndVariableSelectorParses() throws Exception {
    List<Dashboard> dashboards = Dashboards.load(Dashboards.locate());

    assertThat(promtoolProblems(dashboards)).isEmpty();
  }

  @Test
  void aQueryThatDoesNotParseIsReportedWithItsPanel() throws Exception {
    Dashboard broken =
        Dashboards.parse(
            """
            {
              "uid": "broken", "title": "broken",
              "templating": {"list": [
                {"name": "model", "type": "query", "query": "label_values(up{job=~\\"$model\\"}, job)"}
              ]},
              "panels": [
                {"id": 7, "type": "timeseries", "title": "Predictions",
                 "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                 "targets": [
                   {"refId": "A", "expr": "sum(rate(featurewatch_predictions_total[$__rate_interval]))"},
                   {"refId": "B", "expr": "sum(rate(featurewatch_predictions_total{model=~\\"$model\\"}[$__rate_interval])"}
                 ]}
              ]
            }
            """,
            "broken.json");

    List<String> problems = promtoolProblems(List.of(broken));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "broken panel 7 'Predictions' query B:"
                + " sum(rate(featurewatch_predictions_total{model=~\"$model\"}[$__rate_interval])")
        .contains("unclosed left parenthesis");
  }

  /**
   * What promtool says of each expression it cannot parse, after the query's place and text; empty
   * when it parses them all.
   */
  private List<String> promtoolProblems(List<Dashboard> dashboards)
      throws IOException, InterruptedException {
    List<String> places = new ArrayList<>();
    ArrayNode rules = JSON.createArrayNode();
    for (Dashboard dashboard : dashboards) {
      // the values do not change the syntax: every variable as "All"
      Map<String, String> all = new HashMap<>();
      dashboard.variables().forEach(v -> all.put(v.name(), ".*"));
      for (Query query : dashboard.queries()) {
        places.add(query.where() + ": " + query.expr());
        rules
            .addObject()
            .put("record", "dashboard_query_" + places.size())
            .put("expr", Dashboards.expand(query.expr(), all));
      }
      for (Variable variable : dashboard.variables()) {
        if (variable.labelValues().isPresent()) {
          String selector = variable.labelValues().get().selector();
          places.add(dashboard.uid() + " variable " + variable.name() + ": " + selector);
          rules
              .addObject()
              .put("record", "dashboard_query_" + places.size())
              .put("expr", Dashboards.expand(selector, all));
        }
      }
    }
    ObjectNode file = JSON.createObjectNode();
    file.putArray("groups").addObject().put("name", "dashboard_queries").set("rules", rules);
    // JSON is YAML: promtool reads it as a rule file
    Path rulesFile = Files.writeString(tmp.resolve("dashboard-queries.yml"), file.toString());

    Process promtool =
        new ProcessBuilder(
                TestServices.promtool().toString(), "check", "rules", rulesFile.toString())
            .redirectErrorStream(true)
            .start();
    if (!promtool.waitFor(60, TimeUnit.SECONDS)) {
      promtool.destroyForcibly();
      throw new AssertionError("promtool check rules did not answer within 60 s");
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (promtool.exitValue() == 0) {
      assertThat(output).contains("SUCCESS: " + places.size() + " rules found");
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    for (String line : output.split("\n")) {
      Matcher rule = RULE.matcher(line);
      if (rule.find()) {
        problems.add(places.get(Integer.parseInt(rule.group(1)) - 1) + "\n  " + line.strip());
      }
    }
    // a failure that names no rule (promtool could not read the file) is reported whole
    return problems.isEmpty() ? List.of(output) : problems;
  }
}
