package dev.featurewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsTest {

  /**
   * Where docker compose mounts grafana/dashboards in the Grafana container; grafana/provisioning
   * is mounted at /etc/grafana/provisioning, whose dashboards/ and datasources/ Grafana reads.
   */
  private static final String CONTAINER_DASHBOARDS = "/var/lib/grafana/dashboards/featurewatch";

  private static final Path PROVISIONING = Path.of("grafana", "provisioning");

  /** The variable each label is filtered by, in the dashboards that define it. */
  private static final Map<String, String> VARIABLE_OF_LABEL =
      Map.of(
          "model", "model",
          "model_version", "version",
          "segment", "segment",
          "feature", "feature",
          "metric", "metric",
          "feature_view", "feature_view",
          "job_name", "job_name");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<Dashboard> dashboards() throws IOException {
    return Dashboards.load(Dashboards.DIRECTORY);
  }

  private static Dashboard dashboard(String uid) throws IOException {
    return dashboards().stream().filter(d -> d.uid().equals(uid)).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------- the dashboards

  @Test
  void theThreeDashboardsHaveStableUidsTheFeaturewatchTagAndLinkToEachOther() throws IOException {
    List<Dashboard> dashboards = dashboards();

    assertThat(dashboards)
        .extracting(Dashboard::source, Dashboard::uid)
        .containsExactly(
            tuple("feature-store.json", "featurewatch-feature-store"),
            tuple("model-monitoring.json", "featurewatch-models"),
            tuple("pipelines.json", "featurewatch-pipelines"));
    for (Dashboard dashboard : dashboards) {
      assertThat(dashboard.tags()).as(dashboard.source()).contains("featurewatch");
      List<String> others =
          dashboards.stream().filter(d -> d != dashboard).map(d -> "/d/" + d.uid()).toList();
      assertThat(dashboard.links())
          .as(dashboard.source())
          .containsExactlyInAnyOrderElementsOf(others);
    }
  }

  @Test
  void everyDashboardPassesEveryCheck() throws IOException {
    assertThat(DashboardCheck.problems(dashboards(), KnownMetrics::known)).isEmpty();
  }

  @Test
  void theModelDashboardHasTheVariablesItsViewersFilterBy() throws IOException {
    Dashboard models = dashboard("featurewatch-models");

    assertThat(models.variables())
        .extracting(Variable::name)
        .containsExactly("model", "version", "segment", "feature", "metric");
    Variable feature = models.variable("feature").orElseThrow();
    assertThat(feature.multi()).isTrue();
    assertThat(feature.includeAll()).isTrue();
    assertThat(dashboard("featurewatch-pipelines").variable("job_name").orElseThrow().labelValues())
        .contains(new Variable.LabelValues("flink_jobmanager_job_uptime", "job_name"));
  }

  /**
   * A panel that forgets a filter shows every model (or view, or job) while its neighbours show the
   * selected one: every selector of a metric with a label the dashboard has a variable for must
   * filter by it.
   */
  @Test
  void everyQueryFiltersByTheDashboardsVariableOfEachLabelItsMetricHas() throws IOException {
    List<String> unfiltered = new ArrayList<>();
    for (Dashboard dashboard : dashboards()) {
      for (Query query : dashboard.queries()) {
        for (PromQl.Selector selector : PromQl.selectors(query.expr())) {
          for (String label : KnownMetrics.LABELS.getOrDefault(selector.metric(), List.of())) {
            String variable = VARIABLE_OF_LABEL.get(label);
            String filter = label + "=~\"$" + variable + "\"";
            if (variable != null
                && dashboard.variable(variable).isPresent()
                && !selector.matchers().contains(filter)) {
              unfiltered.add(query.where() + ": " + selector.metric() + " without " + filter);
            }
          }
        }
      }
    }
    assertThat(unfiltered).isEmpty();
  }

  @Test
  void everyKnownMetricIsStillExportedOrRecorded() throws IOException {
    Path root = repositoryRoot();
    String sources =
        Stream.of(
                "monitoring-jobs/src/main/java/dev/featurewatch/monitoring/metrics/MonitorMetrics.java",
                "feature-server/src/main/java/dev/featurewatch/store/serving/ServingMetrics.java",
                "feature-pipeline/src/main/java/dev/featurewatch/store/pipeline/PipelineMetrics.java")
            .map(root::resolve)
            .map(DashboardsTest::read)
            .collect(Collectors.joining("\n"));
    String rules;
    try (Stream<Path> files = Files.list(root.resolve("alerting/prometheus/rules"))) {
      rules = files.map(DashboardsTest::read).collect(Collectors.joining("\n"));
    }

    assertThat(KnownMetrics.FEATUREWATCH.keySet())
        .allSatisfy(name -> assertThat(sources).contains("\"" + name + "\""));
    assertThat(KnownMetrics.RECORDING_RULES.keySet())
        .allSatisfy(name -> assertThat(rules).contains("record: " + name + "\n"));
  }

  // ---------------------------------------------------------------- the checks catch mistakes

  /** A dashboard with one stat panel; {@code %s} are its variables and its target. */
  private static final String ONE_PANEL =
      """
      {
        "uid": "broken",
        "title": "broken",
        "templating": {"list": [%s]},
        "panels": [
          {
            "id": 1, "type": "stat", "title": "Predictions",
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4},
            "datasource": {"type": "prometheus", "uid": "prometheus"},
            "targets": [%s]
          }
        ]
      }
      """;

  private static final String MODEL_VARIABLE =
      """
      {"name": "model", "type": "query",
       "datasource": {"type": "prometheus", "uid": "prometheus"},
       "query": "label_values(featurewatch_predictions_total, model)"}
      """;

  private static String target(String expr) {
    return "{\"refId\": \"A\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"prometheus\"},"
        + " \"expr\": \""
        + expr.replace("\"", "\\\"")
        + "\"}";
  }

  private static List<String> problems(String json) {
    return DashboardCheck.problems(
        List.of(Dashboards.parse(json, "broken.json")), KnownMetrics::known);
  }

  @Test
  void aWellFormedDashboardHasNoProblems() {
    String json =
        ONE_PANEL.formatted(
            MODEL_VARIABLE,
            target(
                "sum(rate(featurewatch_predictions_total{model=~\"$model\"}[$__rate_interval]))"));

    assertThat(problems(json)).isEmpty();
  }

  @Test
  void aBrokenDashboardHasEachOfItsProblemsReported() {
    String json =
        """
        {
          "uid": "broken",
          "title": "broken $env",
          "links": [{"url": "/d/nowhere"}],
          "templating": {"list": [
            {"name": "model", "type": "query", "datasource": {"type": "prometheus", "uid": "prometheus"},
             "query": "label_values(featurewatch_predictions_total, model)"},
            {"name": "view", "type": "query", "datasource": {"type": "prometheus", "uid": "prometheus"},
             "query": "label_values(feature_view)"}
          ]},
          "panels": [
            {"id": 1, "type": "row", "title": "Drift", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
            {"id": 2, "type": "timeseries", "title": "Drift of $feature",
             "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
             "datasource": {"type": "prometheus", "uid": "prometheus"},
             "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "prometheus"},
                          "expr": "featurewatch_feature_drift_score{model=~\\"$model\\", segment=~\\"$segment\\"}"}]},
            {"id": 2, "type": "timeseries", "title": "Drifted",
             "gridPos": {"x": 6, "y": 4, "w": 12, "h": 8},
             "datasource": {"type": "prometheus", "uid": "prometheus"},
             "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "prometheus"},
                          "expr": "featurewatch_feature_drifed"}]},
            {"id": 4, "type": "stat", "title": "Wide", "gridPos": {"x": 18, "y": 12, "w": 8, "h": 4},
             "datasource": {"type": "loki", "uid": "logs"},
             "targets": [{"refId": "A", "expr": "featurewatch_drifted_features"}]},
            {"id": 5, "type": "stat", "title": "", "gridPos": {"x": 0, "y": 16, "w": 4, "h": 4},
             "datasource": {"type": "prometheus", "uid": "prometheus"}}
          ]
        }
        """;

    assertThat(problems(json))
        .containsExactlyInAnyOrder(
            "broken.json: title: $env must be defined in templating.list",
            "broken.json: link /d/nowhere must lead to one of the dashboards [broken]",
            "broken.json: variable view: query must be label_values(<metric selector>, <label>),"
                + " found 'label_values(feature_view)'",
            "broken.json: panel ids must be unique, found 2 twice",
            "broken.json: panel 2 'Drift of $feature' title: $feature must be defined in"
                + " templating.list",
            "broken.json: panel 2 'Drift of $feature' query A: $segment must be defined in"
                + " templating.list",
            "broken.json: panel 2 'Drifted' query A: metric featurewatch_feature_drifed is not one"
                + " Prometheus has",
            "broken.json: panel 4 'Wide': gridPos must lie within the 24 columns, found"
                + " GridPos[x=18, y=12, w=8, h=4]",
            "broken.json: panel 4 'Wide': datasource must be {type: 'prometheus', uid:"
                + " 'prometheus'}, found {type: 'loki', uid: 'logs'}",
            "broken.json: panel 4 'Wide' query A: datasource must be {type: 'prometheus', uid:"
                + " 'prometheus'}, found none",
            "broken.json: panel 5 '': title must say what the panel shows",
            "broken.json: panel 5 '': must have at least one query",
            "broken.json: panels must not overlap, found panel 2 GridPos[x=0, y=1, w=12, h=8] and"
                + " panel 2 GridPos[x=6, y=4, w=12, h=8]");
  }

  @Test
  void aDuplicateIdInsideACollapsedRowIsReported() {
    String json =
        """
        {
          "uid": "broken", "title": "broken",
          "panels": [
            {"id": 1, "type": "row", "title": "Closed", "collapsed": true,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
             "panels": [
               {"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 1, "w": 24, "h": 3}}
             ]},
            {"id": 2, "type": "text", "title": "After", "gridPos": {"x": 0, "y": 1, "w": 24, "h": 3}}
          ]
        }
        """;

    // the nested panel and the one after the row share y = 1: not an overlap while the row is shut
    assertThat(problems(json))
        .containsExactly("broken.json: panel ids must be unique, found 1 twice");
  }

  @Test
  void aMisspelledMetricInAVariableQueryIsReported() {
    String json =
        ONE_PANEL.formatted(
            MODEL_VARIABLE.replace(
                "featurewatch_predictions_total", "featurewatch_prediction_total"),
            target("featurewatch_predictions_total{model=~\"$model\"}"));

    assertThat(problems(json))
        .containsExactly(
            "broken.json: variable model: metric featurewatch_prediction_total is not one"
                + " Prometheus has");
  }

  @Test
  void twoDashboardsWithOneUidAreReported() {
    Dashboard one = Dashboards.parse(ONE_PANEL.formatted(MODEL_VARIABLE, target("up")), "a.json");
    Dashboard two = Dashboards.parse(ONE_PANEL.formatted(MODEL_VARIABLE, target("up")), "b.json");

    assertThat(DashboardCheck.problems(List.of(one, two), name -> true))
        .containsExactly("b.json: uid must be unique, found 'broken' of a.json too");
  }

  @Test
  void jsonThatIsNotADashboardIsRefusedNamingTheFileAndTheKey() {
    assertThatThrownBy(
            () ->
                Dashboards.parse(
                    """
                    {"panels": [{"id": 1, "gridPos": {"x": 0, "y": 0, "w": "12", "h": 4}}]}
                    """,
                    "bad.json"))
        .hasMessage("bad.json: panels[0].gridPos.w: must be an integer, found \"12\"");
    assertThatThrownBy(() -> Dashboards.parse("{\"uid\": \"a\", \"uid\": \"b\"}", "twice.json"))
        .hasMessageStartingWith("twice.json: must be JSON, line 1: Duplicate field 'uid'");
    assertThatThrownBy(() -> Dashboards.parse("{\"panels\": [{\"id\": 1}]}", "grid.json"))
        .hasMessage("grid.json: panels[0].gridPos: is required");
  }

  @Test
  void aMalformedDashboardIsRefusedNamingThePathAndTheValueFound() {
    String panel =
        """
        {"id": 1, "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}, "panels": [
          {"id": 2, "gridPos": {"x": 0, "y": 4, "w": 12, "h": 4}, "targets": [
            {"refId": "A", "expr": "up"}, %s]}]}
        """;
    assertThatThrownBy(
            () ->
                Dashboards.parse(
                    "{\"panels\": [" + panel.formatted("{\"expr\": 3}") + "]}", "x.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.json: panels[0].panels[0].targets[1].expr: must be a string, found 3");
    assertThatThrownBy(
            () -> Dashboards.parse("{\"panels\": [" + panel.formatted("[\"B\"]") + "]}", "x.json"))
        .hasMessage("x.json: panels[0].panels[0].targets[1]: must be an object, found [\"B\"]");
    assertThatThrownBy(
            () ->
                Dashboards.parse(
                    "{\"templating\": {\"list\": [{\"name\": \"model\", \"multi\": \"yes\"}]}}",
                    "v.json"))
        .hasMessage("v.json: templating.list[0].multi: must be true or false, found \"yes\"");
    assertThatThrownBy(() -> Dashboards.parse("{\"tags\": [\"a\", 1]}", "t.json"))
        .hasMessage("t.json: tags[1]: must be a string, found 1");
    assertThatThrownBy(() -> Dashboards.parse("[]", "array.json"))
        .hasMessage("array.json: must be an object, found []");
  }

  // ---------------------------------------------------------------- expand

  @Test
  void expandReplacesEveryFormOfVariable() {
    Map<String, String> values = Map.of("model", "fraud", "version", "3|4");

    assertThat(
            Dashboards.expand(
                "x{model=~\"$model\", model_version=~\"${version}\", a=\"[[model]]\","
                    + " b=\"${model:raw}\", c=\"[[version:pipe]]\"}",
                values))
        .isEqualTo(
            "x{model=~\"fraud\", model_version=~\"3|4\", a=\"fraud\", b=\"fraud\", c=\"3|4\"}");
  }

  @Test
  void expandGivesGrafanasBuiltInsFixedDurationsUnlessTold() {
    String expr = "rate(x_total[$__rate_interval]) + increase(y_total[${__range}]) * $__range_s";

    assertThat(Dashboards.expand(expr, Map.of()))
        .isEqualTo("rate(x_total[1m]) + increase(y_total[1h]) * 3600");
    assertThat(Dashboards.expand(expr, Map.of("__rate_interval", "5s")))
        .isEqualTo("rate(x_total[5s]) + increase(y_total[1h]) * 3600");
  }

  @Test
  void expandEscapesRegexMetacharactersForTheRegexFormat() {
    assertThat(Dashboards.expand("x{segment=~\"${segment:regex}\"}", Map.of("segment", "a.b(c)")))
        .isEqualTo("x{segment=~\"a\\.b\\(c\\)\"}");
  }

  @Test
  void expandLeavesPromQlsOwnDollarsAlone() {
    String expr = "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\") and x{a=~\"b$\"}";

    assertThat(Dashboards.expand(expr, Map.of())).isEqualTo(expr);
  }

  @Test
  void expandRefusesAVariableWithoutAValueAndAnUnknownFormat() {
    assertThatThrownBy(() -> Dashboards.expand("x{model=~\"$model\"}", Map.of("version", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("variable $model has no value")
        .hasMessageContaining("version");
    assertThatThrownBy(() -> Dashboards.expand("x{m=\"${model:json}\"}", Map.of("model", "a")))
        .hasMessage(
            "${model:json}: format must be one of regex, csv, glob, pipe, raw, text, found 'json'");
  }

  // ---------------------------------------------------------------- metric names

  @Test
  void metricNamesSkipFunctionsAggregationsLabelListsStringsAndDurations() {
    String expr =
        "histogram_quantile(0.99, sum by (le, path) (rate(a_bucket{path=\"/x\", s!~\"5..\"}[5m])))"
            + " / on (feature_view) group_left () sum without(reason) (b_total offset 1h)"
            + " > bool 2 * max(c:rule:ratio[1h:1m]) unless time() - d{x=\"}{\"}"
            + " or $variable_metric";

    assertThat(PromQl.metricNames(expr))
        .containsExactly("a_bucket", "b_total", "c:rule:ratio", "d");
    assertThat(PromQl.selectors("a{b=\"c\"} + e"))
        .containsExactly(new PromQl.Selector("a", "b=\"c\""), new PromQl.Selector("e", ""));
  }

  // ---------------------------------------------------------------- where they are

  @Test
  void locateFindsTheDashboardsFromTheModuleOrAnyDirectoryBelowTheRoot(@TempDir Path tmp)
      throws IOException {
    Path root = tmp.resolve("repository");
    Path dashboards = Files.createDirectories(root.resolve("dashboards/grafana/dashboards"));
    Path module = Files.createDirectories(root.resolve("alerting/src"));

    assertThat(Dashboards.locate(module)).isEqualTo(dashboards);
    assertThat(Dashboards.locate(root.resolve("dashboards"))).isEqualTo(dashboards);
    assertThat(Dashboards.locate()).isEqualTo(Dashboards.DIRECTORY.toAbsolutePath());
    assertThatThrownBy(() -> Dashboards.locate(Files.createDirectories(tmp.resolve("elsewhere"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dashboards/grafana/dashboards");
  }

  // ---------------------------------------------------------------- provisioning

  @Test
  void provisioningLoadsTheDashboardsFromWhereComposeMountsThem() throws IOException {
    JsonNode file = YAML.readTree(PROVISIONING.resolve("dashboards/featurewatch.yml").toFile());

    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = file.path("providers").path(0);
    assertThat(file.path("providers")).hasSize(1);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("folder").asText()).isEqualTo("featurewatch");
    assertThat(provider.path("options").path("path").asText()).isEqualTo(CONTAINER_DASHBOARDS);
    // Grafana reads every file of the directory: a stray one would add a provider
    try (Stream<Path> files = Files.list(PROVISIONING.resolve("dashboards"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("featurewatch.yml");
    }
  }

  @Test
  void provisioningDefinesTheDatasourceEveryPanelUses() throws IOException {
    JsonNode file = YAML.readTree(PROVISIONING.resolve("datasources/prometheus.yml").toFile());

    assertThat(file.path("datasources")).hasSize(1);
    JsonNode prometheus = file.path("datasources").path(0);
    assertThat(prometheus.path("type").asText()).isEqualTo(Datasource.PROMETHEUS.type());
    assertThat(prometheus.path("uid").asText()).isEqualTo(Datasource.PROMETHEUS.uid());
    assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
  }

  private static Path repositoryRoot() {
    Path root = Dashboards.locate();
    for (int i = 0; i < Dashboards.FROM_ROOT.getNameCount(); i++) {
      root = root.getParent();
    }
    return root;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
