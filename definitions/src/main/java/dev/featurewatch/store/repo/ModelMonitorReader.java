package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.DefinitionKeys.Key;
import dev.featurewatch.store.definition.DefinitionKeys.LabelKeys;
import dev.featurewatch.store.definition.DefinitionKeys.MonitorKeys;
import dev.featurewatch.store.definition.DefinitionKeys.PredictionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SegmentKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WindowKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WriteBackKeys;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code model_monitors}: the model version watched (a version or an alias), the sources
 * of its prediction and label events, the features watched (listed, or a feature service's), the
 * prediction's kind, the window, the drift settings ({@link DriftReader}), the segments and how
 * results are written back.
 */
final class ModelMonitorReader {

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern MODEL_VERSION = Pattern.compile("[1-9][0-9]{0,18}");
  private static final int MAX_SEGMENTS = 3;
  private static final int MAX_SEGMENT_VALUES = 20;

  private final Declarations<DataSource> sources;
  private final Declarations<FeatureView> views;
  private final Declarations<FeatureService> services;
  private final Declarations<ModelMonitor> monitors;

  ModelMonitorReader(
      Declarations<DataSource> sources,
      Declarations<FeatureView> views,
      Declarations<FeatureService> services,
      Declarations<ModelMonitor> monitors) {
    this.sources = sources;
    this.views = views;
    this.services = services;
    this.monitors = monitors;
  }

  void read(YamlCursor monitor) {
    int before = monitor.problemCount();
    monitor.keys(List.of(MonitorKeys.values()));
    String name = monitor.name(MonitorKeys.NAME);
    String model = monitor.text(MonitorKeys.MODEL, true);
    if (model != null && !MODEL_NAME.matcher(model).matches()) {
      monitor
          .at(MonitorKeys.MODEL)
          .problem(
              "must be a registered model name, 1 to 255 of [A-Za-z0-9._-], found '" + model + "'");
    }
    String version = monitor.scalarText(MonitorKeys.VERSION);
    String alias = monitor.text(MonitorKeys.ALIAS, false);
    if ((version == null) == (alias == null)) {
      monitor
          .at(MonitorKeys.VERSION)
          .problem(
              version == null
                  ? "required: a model version (3) or an alias (alias: champion)"
                  : "give a version or an alias, not both");
    } else if (version != null && !MODEL_VERSION.matcher(version).matches()) {
      monitor
          .at(MonitorKeys.VERSION)
          .problem("must be a version number like 3, found '" + version + "'");
    } else if (alias != null && !MODEL_NAME.matcher(alias).matches()) {
      monitor
          .at(MonitorKeys.ALIAS)
          .problem("must be 1 to 255 of [A-Za-z0-9._-], found '" + alias + "'");
    }
    String source = eventSource(monitor, MonitorKeys.SOURCE);
    String service = monitor.text(MonitorKeys.FEATURE_SERVICE, false);
    List<Field> features = watchedFeatures(monitor, service);
    ModelMonitor.Prediction prediction = prediction(monitor.at(MonitorKeys.PREDICTION));
    ModelMonitor.Labels labels = labels(monitor.at(MonitorKeys.LABELS));
    ModelMonitor.Window window = window(monitor.at(MonitorKeys.WINDOW));
    ModelMonitor.Drift drift = DriftReader.read(monitor.at(MonitorKeys.DRIFT), features, window);
    List<ModelMonitor.Segment> segments = segments(monitor, features);
    String baseline = monitor.text(MonitorKeys.BASELINE, false);
    ModelMonitor.WriteBack writeBack = writeBack(monitor.at(MonitorKeys.WRITE_BACK));
    String description = monitor.text(MonitorKeys.DESCRIPTION, false);
    Map<String, String> tags = monitor.tags(MonitorKeys.TAGS);
    if (monitors.declare(name, monitor) && monitor.problemCount() == before) {
      monitors.add(
          name,
          new ModelMonitor(
              name,
              model,
              version,
              alias,
              source,
              service,
              features,
              prediction,
              labels,
              window,
              drift,
              segments,
              baseline,
              writeBack,
              description,
              tags));
    }
  }

  /** A declared source of JSON events: a Kafka topic, or a JSON-lines file to replay. */
  private String eventSource(YamlCursor mapping, Key key) {
    String source = mapping.text(key, true);
    if (source == null) {
      return null;
    }
    if (!sources.isDeclared(source)) {
      mapping.at(key).problem(sources.unknown(source));
      return null;
    }
    DataSource declared = sources.get(source);
    if (declared != null
        && !(declared.settings() instanceof DataSource.KafkaSettings)
        && !(declared.settings() instanceof DataSource.FileSettings file
            && file.format() == DataSource.FileFormat.JSONL)) {
      mapping
          .at(key)
          .problem(
              "must be a source of JSON events (kind kafka, or a file of format jsonl), found '"
                  + source
                  + "'");
    }
    return source;
  }

  /** The features listed, or those of the service; exactly one of the two. */
  private List<Field> watchedFeatures(YamlCursor monitor, String service) {
    YamlCursor listedAt = monitor.at(MonitorKeys.FEATURES);
    YamlCursor serviceAt = monitor.at(MonitorKeys.FEATURE_SERVICE);
    boolean listed = !listedAt.isMissing();
    if (listed == (service != null)) {
      listedAt.problem(
          listed
              ? "give features or feature_service, not both"
              : "required: the features to watch, or a feature_service");
      if (!listed) {
        return List.of();
      }
    }
    List<Field> features = new ArrayList<>();
    if (listed) {
      Map<String, YamlCursor> seen = new HashMap<>();
      for (YamlCursor item : monitor.list(MonitorKeys.FEATURES, true)) {
        Field field = FieldReader.read(item, seen);
        if (field != null && watchable(field, item.at(FieldKeys.TYPE))) {
          features.add(field);
        }
      }
      return features;
    }
    FeatureService declared = services.get(service);
    if (declared == null) {
      if (!services.isDeclared(service)) {
        serviceAt.problem(services.unknown(service));
      }
      return List.of();
    }
    Map<String, String> viewOf = new HashMap<>();
    for (FeatureReference ref : declared.features()) {
      FeatureView view = views.get(ref.view());
      if (view == null) {
        // declared but invalid: its problems are reported already
        continue;
      }
      for (Field field : view.features()) {
        if (!ref.isWholeView() && !field.name().equals(ref.feature())) {
          continue;
        }
        String other = viewOf.putIfAbsent(field.name(), view.name());
        if (other != null) {
          serviceAt.problem(
              "features of a monitor are named as in the prediction events, but '"
                  + field.name()
                  + "' is in views '"
                  + other
                  + "' and '"
                  + view.name()
                  + "': list the features instead");
        } else if (watchable(field, serviceAt)) {
          features.add(field);
        }
      }
    }
    return features;
  }

  /** Whether a feature's type can be profiled: numbers, or categories (strings, booleans). */
  private static boolean watchable(Field field, YamlCursor at) {
    switch (field.type()) {
      case INT64, DOUBLE, STRING, BOOL:
        return true;
      default:
        at.problem(
            "feature '"
                + field.name()
                + "': a watched feature is int64, double, string or bool, found "
                + field.type().id());
        return false;
    }
  }

  private static ModelMonitor.Prediction prediction(YamlCursor prediction) {
    if (prediction.isMissing()) {
      prediction.problem("required: a mapping with the prediction's kind");
      return null;
    }
    if (!prediction.isMapping("with the prediction's kind", List.of(PredictionKeys.values()))) {
      return null;
    }
    String kindText = prediction.text(PredictionKeys.KIND, true);
    ModelMonitor.PredictionKind kind = null;
    if (kindText != null) {
      for (ModelMonitor.PredictionKind candidate : ModelMonitor.PredictionKind.values()) {
        if (candidate.id().equals(kindText)) {
          kind = candidate;
        }
      }
      if (kind == null) {
        prediction
            .at(PredictionKeys.KIND)
            .problem(
                "must be one of binary_probability, class_label, class_probabilities,"
                    + " regression, found '"
                    + kindText
                    + "'");
        return null;
      }
    }
    boolean classified =
        kind == ModelMonitor.PredictionKind.CLASS_LABEL
            || kind == ModelMonitor.PredictionKind.CLASS_PROBABILITIES;
    List<String> classes = new ArrayList<>();
    YamlCursor classesAt = prediction.at(PredictionKeys.CLASSES);
    if (classified) {
      for (YamlCursor item : prediction.list(PredictionKeys.CLASSES, true)) {
        String value = item.node().isValueNode() ? item.node().asText() : null;
        if (value == null || value.isBlank() || item.node().isNull()) {
          item.problem("must be a class name, found " + item.describe());
        } else if (classes.contains(value)) {
          item.problem("duplicate class '" + value + "'");
        } else {
          classes.add(value);
        }
      }
      if (classes.size() == 1) {
        classesAt.problem("must list at least two classes, found one");
      }
    } else if (classesAt.node() != null) {
      classesAt.problem("only for class_label and class_probabilities");
    }
    double threshold = 0.5;
    YamlCursor thresholdAt = prediction.at(PredictionKeys.THRESHOLD);
    if (thresholdAt.node() != null) {
      double value = thresholdAt.node().asDouble();
      if (kind != ModelMonitor.PredictionKind.BINARY_PROBABILITY) {
        thresholdAt.problem("only for binary_probability");
      } else if (!thresholdAt.node().isNumber() || !(value > 0 && value < 1)) {
        thresholdAt.problem(
            "must be a probability between 0 and 1 (exclusive), found " + thresholdAt.describe());
      } else {
        threshold = value;
      }
    }
    return kind == null ? null : new ModelMonitor.Prediction(kind, classes, threshold);
  }

  private ModelMonitor.Labels labels(YamlCursor labels) {
    if (labels.isMissing()) {
      return null;
    }
    if (!labels.isMapping("with source and max_delay", List.of(LabelKeys.values()))) {
      return null;
    }
    String source = eventSource(labels, LabelKeys.SOURCE);
    Duration maxDelay = labels.duration(LabelKeys.MAX_DELAY, true);
    double margin = ModelMonitor.Labels.DEFAULT_DEGRADED_MARGIN;
    YamlCursor marginAt = labels.at(LabelKeys.DEGRADED_MARGIN);
    if (marginAt.node() != null) {
      double value = marginAt.node().asDouble();
      if (marginAt.node().isNumber() && value > 0 && value < 1) {
        margin = value;
      } else {
        marginAt.problem(
            "must be a share above 0 and below 1, like 0.1 for 10 % worse than in training,"
                + " found "
                + marginAt.describe());
        return null;
      }
    }
    return source == null || maxDelay == null
        ? null
        : new ModelMonitor.Labels(source, maxDelay, margin);
  }

  private static ModelMonitor.Window window(YamlCursor window) {
    if (window.node() == null || !window.node().isObject()) {
      window.problem(
          "required: a mapping with size (a duration like 5m) and/or predictions (a count)"
              + (window.node() == null ? "" : ", found " + window.describe()));
      return null;
    }
    window.keys(List.of(WindowKeys.values()));
    Duration size = window.duration(WindowKeys.SIZE, false);
    long predictions = 0;
    YamlCursor count = window.at(WindowKeys.PREDICTIONS);
    if (count.node() != null) {
      if (!count.node().isIntegralNumber() || count.node().asLong() < 1) {
        count.problem("must be a whole number of at least 1, found " + count.describe());
      } else {
        predictions = count.node().asLong();
      }
    }
    if (size == null && predictions == 0) {
      if (window.at(WindowKeys.SIZE).node() == null && count.node() == null) {
        window.problem("needs size (a duration like 5m), predictions (a count), or both");
      }
      return null;
    }
    return new ModelMonitor.Window(size == null ? Duration.ZERO : size, predictions);
  }

  private static List<ModelMonitor.Segment> segments(YamlCursor monitor, List<Field> features) {
    List<ModelMonitor.Segment> segments = new ArrayList<>();
    List<YamlCursor> items = monitor.list(MonitorKeys.SEGMENTS, false);
    if (items.size() > MAX_SEGMENTS) {
      monitor
          .at(MonitorKeys.SEGMENTS)
          .problem(
              "at most "
                  + MAX_SEGMENTS
                  + " segment features (each multiplies the series), found "
                  + items.size());
      return segments;
    }
    for (YamlCursor item : items) {
      int before = item.problemCount();
      if (!item.isMapping("with feature and values", List.of(SegmentKeys.values()))) {
        continue;
      }
      String feature = item.text(SegmentKeys.FEATURE, true);
      Field watched =
          features.stream().filter(f -> f.name().equals(feature)).findFirst().orElse(null);
      YamlCursor featureAt = item.at(SegmentKeys.FEATURE);
      if (feature != null && watched == null) {
        featureAt.problem(
            "unknown feature '"
                + feature
                + "': a segment is a watched feature, one of "
                + features.stream().map(Field::name).toList());
      } else if (watched != null && watched.type() == ValueType.DOUBLE) {
        featureAt.problem(
            "a segment is a string, int64 or bool feature with a few values, found double"
                + " feature '"
                + feature
                + "'");
      } else if (feature != null && segments.stream().anyMatch(s -> s.feature().equals(feature))) {
        featureAt.problem("duplicate segment feature '" + feature + "'");
      }
      List<String> values = new ArrayList<>();
      List<YamlCursor> valueItems = item.list(SegmentKeys.VALUES, true);
      if (valueItems.size() > MAX_SEGMENT_VALUES) {
        item.at(SegmentKeys.VALUES)
            .problem(
                "at most "
                    + MAX_SEGMENT_VALUES
                    + " values (the rest are 'other'), found "
                    + valueItems.size());
      }
      for (YamlCursor value : valueItems) {
        String text =
            value.node().isValueNode() && !value.node().isNull() ? value.node().asText() : null;
        if (text == null || text.isBlank()) {
          value.problem("must be a value, found " + value.describe());
        } else if (values.contains(text) || text.equals("other")) {
          value.problem(
              (text.equals("other") ? "reserved" : "duplicate") + " value '" + text + "'");
        } else {
          values.add(text);
        }
      }
      if (item.problemCount() == before) {
        segments.add(new ModelMonitor.Segment(feature, values));
      }
    }
    return segments;
  }

  private static ModelMonitor.WriteBack writeBack(YamlCursor writeBack) {
    if (writeBack.isMissing()) {
      return ModelMonitor.WriteBack.DEFAULT;
    }
    if (!writeBack.isMapping("with on_change and interval", List.of(WriteBackKeys.values()))) {
      return null;
    }
    boolean onChange = writeBack.bool(WriteBackKeys.ON_CHANGE, true);
    Duration interval = writeBack.duration(WriteBackKeys.INTERVAL, false);
    return new ModelMonitor.WriteBack(
        onChange, interval != null ? interval : ModelMonitor.WriteBack.DEFAULT.interval());
  }
}
