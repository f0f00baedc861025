package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.AggregateKeys;
import dev.featurewatch.store.definition.DefinitionKeys.StreamKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ViewKeys;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a stream feature view's {@code stream} block. Its source must be a Kafka topic or a file;
 * with a window, every feature is one aggregation, of the type the aggregation gives.
 */
final class StreamSpecReader {

  private final Declarations<DataSource> sources;

  StreamSpecReader(Declarations<DataSource> sources) {
    this.sources = sources;
  }

  /**
   * The stream block of {@code view}, null when absent or invalid.
   *
   * @param source the view's source, null when it has none
   * @param features the view's valid features
   */
  StreamSpec read(YamlCursor view, String source, List<Field> features) {
    YamlCursor stream = view.at(ViewKeys.STREAM);
    if (stream.isMissing()) {
      return null;
    }
    List<StreamKeys> keys = List.of(StreamKeys.values());
    int before = stream.problemCount();
    if (!stream.isMapping("of " + String.join(", ", DefinitionKeys.yaml(keys)), keys)) {
      return null;
    }
    DataSource declared = source == null ? null : sources.get(source);
    if (source == null) {
      view.at(ViewKeys.SOURCE).problem("required for a stream feature view, missing");
    } else if (declared != null && declared.kind() == DataSource.Kind.PUSH) {
      view.at(ViewKeys.SOURCE)
          .problem(
              "a stream feature view reads a kafka or file source, found push source '"
                  + source
                  + "'");
    }
    YamlCursor windowAt = stream.at(StreamKeys.WINDOW);
    YamlCursor slideAt = stream.at(StreamKeys.SLIDE);
    Duration lateness = stream.durationOrZero(StreamKeys.MAX_OUT_OF_ORDERNESS);
    Duration window = stream.duration(StreamKeys.WINDOW, false);
    Duration slide = slideAt.node() != null ? stream.duration(StreamKeys.SLIDE, true) : window;
    List<YamlCursor> items = stream.list(StreamKeys.AGGREGATIONS, false);
    if (window == null && windowAt.node() == null && !items.isEmpty()) {
      windowAt.problem("required with aggregations: " + YamlCursor.WINDOW_RULE);
    }
    if (windowAt.node() == null && slideAt.node() != null) {
      slideAt.problem("only with a window, found " + slideAt.describe());
    }
    if (window != null && items.isEmpty() && stream.at(StreamKeys.AGGREGATIONS).node() == null) {
      stream.at(StreamKeys.AGGREGATIONS).problem("required with a window, missing");
    }
    if (window != null && slide != null && slide.compareTo(window) > 0) {
      slideAt.problem(
          "must be at most the window "
              + windowAt.node().asText()
              + ", found "
              + slideAt.describe());
    }
    List<StreamSpec.Aggregate> aggregates = new ArrayList<>();
    Map<String, YamlCursor> aggregated = new HashMap<>();
    for (YamlCursor item : items) {
      StreamSpec.Aggregate aggregate = aggregate(item, features, aggregated);
      if (aggregate != null) {
        aggregates.add(aggregate);
      }
    }
    if (window != null) {
      for (Field feature : features) {
        if (!aggregated.containsKey(feature.name())) {
          stream
              .at(StreamKeys.AGGREGATIONS)
              .problem(
                  "every feature of a windowed view is an aggregation, found none for '"
                      + feature.name()
                      + "'");
        }
      }
    }
    if (stream.problemCount() > before) {
      return null;
    }
    return new StreamSpec(lateness == null ? Duration.ZERO : lateness, window, slide, aggregates);
  }

  private static StreamSpec.Aggregate aggregate(
      YamlCursor item, List<Field> features, Map<String, YamlCursor> aggregated) {
    int before = item.problemCount();
    if (!item.isMapping("of feature, function and field", List.of(AggregateKeys.values()))) {
      return null;
    }
    String feature = item.name(AggregateKeys.FEATURE);
    String field = item.name(AggregateKeys.FIELD);
    String functionText = item.text(AggregateKeys.FUNCTION, true);
    Aggregation function = null;
    if (functionText != null) {
      try {
        function = Aggregation.fromId(functionText);
      } catch (IllegalArgumentException e) {
        item.at(AggregateKeys.FUNCTION).problem(e.getMessage());
      }
    }
    if (feature != null) {
      YamlCursor first = aggregated.putIfAbsent(feature, item);
      Field declared =
          features.stream().filter(f -> f.name().equals(feature)).findFirst().orElse(null);
      if (first != null) {
        item.at(AggregateKeys.FEATURE)
            .problem("feature '" + feature + "' is aggregated twice, first at " + first.path());
      } else if (declared == null) {
        item.at(AggregateKeys.FEATURE)
            .problem(
                "must be a feature of the view's schema: expected one of "
                    + features.stream().map(Field::name).collect(Collectors.joining(", "))
                    + ", found '"
                    + feature
                    + "'");
      } else if (function != null && function != Aggregation.LAST) {
        ValueType expected =
            function == Aggregation.COUNT || function == Aggregation.APPROX_COUNT_DISTINCT
                ? ValueType.INT64
                : ValueType.DOUBLE;
        if (declared.type() != expected) {
          item.at(AggregateKeys.FUNCTION)
              .problem(
                  functionText
                      + " gives "
                      + expected.id()
                      + ", but feature '"
                      + feature
                      + "' is declared "
                      + declared.type().id());
        }
      }
    }
    return item.problemCount() == before
        ? new StreamSpec.Aggregate(feature, function, field)
        : null;
  }
}
