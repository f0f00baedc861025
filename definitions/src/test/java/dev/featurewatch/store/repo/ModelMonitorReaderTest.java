package dev.featurewatch.store.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMonitorReaderTest {

  private static final String SOURCES =
      """
      sources:
        - {name: predictions, kind: kafka, topic: p, timestamp_field: timestamp}
        - {name: labels, kind: kafka, topic: l, timestamp_field: timestamp}
        - {name: table, kind: file, path: t.csv, timestamp_field: ts}
      """;

  @TempDir Path dir;

  @Test
  void theExampleMonitorWatchesItsFeatureServicesFeaturesWithTheirTypes() {
    FeatureRepository repo = RepositoryReader.read(Path.of("../examples/feature_repo"));

    ModelMonitor monitor = repo.modelMonitor("ranking_champion").orElseThrow();
    assertThat(monitor.model()).isEqualTo("driver-ranking");
    assertThat(monitor.alias()).isEqualTo("champion");
    assertThat(monitor.version()).isEmpty();
    assertThat(monitor.features())
        .extracting(Field::name, Field::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("conv_rate", ValueType.DOUBLE),
            org.assertj.core.groups.Tuple.tuple("acc_rate", ValueType.DOUBLE),
            org.assertj.core.groups.Tuple.tuple("rating", ValueType.DOUBLE),
            org.assertj.core.groups.Tuple.tuple("vehicle_type", ValueType.STRING));
    assertThat(monitor.prediction())
        .isEqualTo(
            new ModelMonitor.Prediction(
                ModelMonitor.PredictionKind.BINARY_PROBABILITY, List.of(), 0.5));
    assertThat(monitor.labels())
        .isEqualTo(new ModelMonitor.Labels("driver_ranking_labels", Duration.ofDays(1)));
    assertThat(monitor.window()).isEqualTo(new ModelMonitor.Window(Duration.ofMinutes(5), 5000));
    assertThat(monitor.drift().of("conv_rate"))
        .isEqualTo(new ModelMonitor.Drift("psi", 0.2, Map.of(), 0.01, null, 20, null));
    assertThat(monitor.drift().of("acc_rate"))
        .isEqualTo(new ModelMonitor.Drift("wasserstein", null, Map.of(), 0.01, null, 20, 0.05));
    assertThat(monitor.drift().of("rating"))
        .isEqualTo(new ModelMonitor.Drift("auto", null, Map.of(), 0.01, null, 20, null));
    assertThat(monitor.segments())
        .containsExactly(new ModelMonitor.Segment("vehicle_type", List.of("sedan", "suv", "van")));
    assertThat(monitor.baseline()).isEqualTo(ModelMonitor.REGISTRY_BASELINE);
    assertThat(monitor.writeBack()).isEqualTo(ModelMonitor.WriteBack.DEFAULT);
  }

  @Test
  void aMonitorWithListedFeaturesAndDefaultsReadsAsWritten() throws IOException {
    write(
        SOURCES
            + """
        model_monitors:
          - name: churn
            model: churn
            version: 3
            source: predictions
            features:
              - {name: tenure_days, type: int64}
              - {name: plan, type: string}
            prediction: {kind: class_label, classes: [stay, leave]}
            labels: {source: labels, max_delay: 7d, degraded_margin: 0.05}
            window: {predictions: 1000}
            baseline: baselines/churn.json
        """);

    ModelMonitor monitor = RepositoryReader.read(dir).modelMonitor("churn").orElseThrow();

    assertThat(monitor.version()).isEqualTo("3");
    assertThat(monitor.features())
        .containsExactly(
            Field.of("tenure_days", ValueType.INT64), Field.of("plan", ValueType.STRING));
    assertThat(monitor.prediction().classes()).containsExactly("stay", "leave");
    assertThat(monitor.labels())
        .isEqualTo(new ModelMonitor.Labels("labels", Duration.ofDays(7), 0.05));
    assertThat(monitor.window()).isEqualTo(new ModelMonitor.Window(Duration.ZERO, 1000));
    assertThat(monitor.drift()).isEqualTo(ModelMonitor.Drift.DEFAULT);
    assertThat(monitor.segments()).isEmpty();
    assertThat(monitor.baseline()).isEqualTo("baselines/churn.json");
  }

  @Test
  void everyBrokenRuleIsReportedWithItsPlaceAndValue() throws IOException {
    write(
        SOURCES
            + """
        model_monitors:
          - name: m
            model: 'fraud model'
            version: 3
            alias: champion
            source: table
            features:
              - {name: amount, type: double}
              - {name: seen, type: timestamp}
              - {name: country, type: string}
            feature_service: nope
            prediction: {kind: probability, classes: [a]}
            labels: {source: missing, degraded_margin: 1.5}
            window: {size: 0s, predictions: -1}
            drift:
              method: ks
              threshold: 2
              features:
                country: {method: wasserstein}
                ghost: {method: psi}
            segments:
              - {feature: amount, values: [a, a, other]}
              - {feature: city, values: []}
            colour: blue
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:7: model_monitors[0].model: must be a registered model name, 1 to 255 of"
                + " [A-Za-z0-9._-], found 'fraud model'",
            "a.yaml:8: model_monitors[0].version: give a version or an alias, not both",
            "a.yaml:10: model_monitors[0].source: must be a source of JSON events (kind kafka,"
                + " or a file of format jsonl), found 'table'",
            "a.yaml:11: model_monitors[0].features: give features or feature_service, not both",
            "a.yaml:13: model_monitors[0].features[1].type: feature 'seen': a watched feature is"
                + " int64, double, string or bool, found timestamp",
            "a.yaml:16: model_monitors[0].prediction.kind: must be one of binary_probability,"
                + " class_label, class_probabilities, regression, found 'probability'",
            "a.yaml:17: model_monitors[0].labels.source: unknown data source 'missing': expected"
                + " one of predictions, labels, table",
            "a.yaml:17: model_monitors[0].labels.max_delay: required: must be a positive duration"
                + " like 90s, 5m, 1h or 1d",
            "a.yaml:17: model_monitors[0].labels.degraded_margin: must be a share above 0 and"
                + " below 1, like 0.1 for 10 % worse than in training, found 1.5",
            "a.yaml:18: model_monitors[0].window.size: must be a positive duration like 90s, 5m,"
                + " 1h or 1d, found '0s'",
            "a.yaml:18: model_monitors[0].window.predictions: must be a whole number of at least"
                + " 1, found -1",
            "a.yaml:21: model_monitors[0].drift.threshold: threshold for ks is a p-value and must"
                + " be in (0, 1): 2.0",
            "a.yaml:23: model_monitors[0].drift.features.country.method: drift method wasserstein"
                + " does not apply to categorical feature 'country'",
            "a.yaml:24: model_monitors[0].drift.features.ghost: unknown feature 'ghost': expected"
                + " one of the watched features [amount, country]",
            "a.yaml:26: model_monitors[0].segments[0].feature: a segment is a string, int64 or"
                + " bool feature with a few values, found double feature 'amount'",
            "a.yaml:26: model_monitors[0].segments[0].values[1]: duplicate value 'a'",
            "a.yaml:26: model_monitors[0].segments[0].values[2]: reserved value 'other'",
            "a.yaml:27: model_monitors[0].segments[1].feature: unknown feature 'city': a segment"
                + " is a watched feature, one of [amount, country]",
            "a.yaml:27: model_monitors[0].segments[1].values: must not be empty, found []",
            "a.yaml:28: model_monitors[0].colour: unknown key: expected one of name, model,"
                + " version, alias, source, features, feature_service, prediction, labels,"
                + " window, drift, segments, baseline, write_back, description, tags");
  }

  @Test
  void calibrationSettingsReadAsWrittenAndFeaturesInheritTheMonitors() throws IOException {
    write(
        SOURCES
            + """
        model_monitors:
          - name: fraud
            model: fraud
            version: 3
            source: predictions
            features:
              - {name: amount, type: double}
              - {name: country, type: string}
            prediction: {kind: binary_probability}
            window: {size: 5m}
            drift:
              method: wasserstein
              false_alert_every: 90d
              min_samples: 30
              floor: 0.05
              features:
                country: {method: jensenshannon, min_samples: 100}
                amount: {min_samples: 50}
        """);

    ModelMonitor.Drift drift =
        RepositoryReader.read(dir).modelMonitor("fraud").orElseThrow().drift();

    assertThat(drift.falseAlertEvery()).isEqualTo(Duration.ofDays(90));
    assertThat(drift.alpha()).isNull();
    // a feature's settings without a method keep the monitor's method, not its floor
    assertThat(drift.of("amount"))
        .isEqualTo(
            new ModelMonitor.Drift(
                "wasserstein", null, Map.of(), null, Duration.ofDays(90), 50, null));
    assertThat(drift.of("country"))
        .isEqualTo(
            new ModelMonitor.Drift(
                "jensenshannon", null, Map.of(), null, Duration.ofDays(90), 100, null));
  }

  @Test
  void brokenCalibrationSettingsAreReportedWithTheirPlaceAndValue() throws IOException {
    write(
        SOURCES
            + """
        model_monitors:
          - name: a
            model: fraud
            version: 3
            source: predictions
            features: [{name: amount, type: double}]
            prediction: {kind: regression}
            window: {predictions: 500}
            drift: {alpha: 0.7, min_samples: 0, floor: 0.1, false_alert_every: 30d}
          - name: b
            model: fraud
            version: 3
            source: predictions
            features: [{name: amount, type: double}]
            prediction: {kind: regression}
            window: {size: 1h}
            drift:
              false_alert_every: 30m
              features:
                amount: {method: psi, threshold: 0.2, floor: 0.1}
          - name: c
            model: fraud
            version: 3
            source: predictions
            features: [{name: amount, type: double}]
            prediction: {kind: regression}
            window: {size: 1h, predictions: 100}
            drift: {method: ks, floor: 0.1, false_alert_every: 30d}
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:13: model_monitors[0].drift.floor: needs a method: auto picks a method per"
                + " feature, each with its own scale",
            "a.yaml:13: model_monitors[0].drift.alpha: must be a probability above 0 and at most"
                + " 0.5, like 0.01 for one false alarm in 100 windows a feature, found 0.7",
            "a.yaml:13: model_monitors[0].drift.false_alert_every: sets α, which alpha sets too:"
                + " give one of them, found both",
            "a.yaml:13: model_monitors[0].drift.min_samples: must be a whole number of values of"
                + " at least 1, like 20, found 0",
            "a.yaml:22: model_monitors[1].drift.false_alert_every: must be longer than a window"
                + " (3600 s), found '30m'",
            "a.yaml:24: model_monitors[1].drift.features.amount.floor: applies to calibrated"
                + " thresholds, but threshold fixes this one: give one of them",
            "a.yaml:32: model_monitors[2].drift.floor: is a distance's effect size, but ks gives"
                + " p-values: use a distance such as wasserstein or jensenshannon",
            "a.yaml:32: model_monitors[2].drift.false_alert_every: needs windows that close by"
                + " time only (window.size without window.predictions), to count windows in time");
  }

  @Test
  void aServiceOverAnInvalidViewReportsTheViewOnce() throws IOException {
    write(
        SOURCES
            + """
        entities:
          - {name: driver, join_keys: [{name: driver_id, type: int64}]}
        feature_views:
          - name: stats
            entities: [driver]
            source: table
            ttl: 1d
            schema: [{name: rate, type: float}]
        feature_services:
          - {name: ranking, features: [stats]}
        model_monitors:
          - name: m
            model: ranking
            version: 1
            source: predictions
            feature_service: ranking
            prediction: {kind: regression}
            window: {size: 5m}
        """);

    assertThat(problems())
        .containsExactly(
            "a.yaml:12: feature_views[0].schema[0].type: unknown value type 'float': expected one"
                + " of int64, double, string, bool, timestamp, list<double>");
  }

  private List<String> problems() {
    try {
      RepositoryReader.read(dir);
    } catch (RepositoryException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected problems in " + dir);
  }

  private void write(String text) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), text);
  }
}
