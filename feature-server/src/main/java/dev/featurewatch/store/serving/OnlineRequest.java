package dev.featurewatch.store.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.online.FeatureStatus;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.row.EntityKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A validated {@code POST /get-online-features} request, resolved against the feature repository,
 * and the Feast response built from what the online store holds.
 *
 * <p>Request: {@code {"features": ["view:feature", ...] | "feature_service": "name", "entities":
 * {"join_key": [v1, v2, ...], ...}, "full_feature_names": false}}. Fields Feast's request model
 * does not read either are ignored, as Feast ignores them, unless they look like a misspelling of
 * one it reads (see {@link JsonValues#rejectMisspelledFields}).
 *
 * <p>Response, column-major as Feast's server answers: {@code metadata.feature_names} lists the
 * entity columns in request order, then the features in request order ({@code feature}, or {@code
 * view__feature} with full feature names); {@code results} holds one column per name with {@code
 * values}, {@code statuses} and {@code event_timestamps} per entity row. Entity columns are {@code
 * PRESENT} at the epoch. A value {@code OUTSIDE_MAX_AGE} is answered null, as Feast's servers do.
 *
 * <pre>{@code
 * OnlineRequest request = OnlineRequest.parse(json, repository, 1000);
 * request.read(store, clock.instant())
 *     .thenAccept(values -> request.respond(values, metrics, buffer)); // buffer.array(): the answer
 * }</pre>
 */
final class OnlineRequest {

  private static final Set<String> FIELDS =
      new TreeSet<>(Set.of("features", "feature_service", "entities", "full_feature_names"));
  private static final byte[] EPOCH = JsonValues.formatQuoted(Instant.EPOCH);

  /** The statuses by ordinal, quoted and encoded once. */
  private static final byte[][] STATUSES =
      Arrays.stream(FeatureStatus.values())
          .map(status -> quoted(JsonValues.ascii(status.name())))
          .toArray(byte[][]::new);

  // the response's fixed text between the names and values
  private static final byte[] FEATURE_NAMES =
      JsonValues.ascii("{\"metadata\":{\"feature_names\":[");
  private static final byte[] RESULTS = JsonValues.ascii("]},\"results\":[");
  private static final byte[] VALUES = JsonValues.ascii("{\"values\":[");
  private static final byte[] STATUSES_FIELD = JsonValues.ascii("],\"statuses\":[");
  private static final byte[] TIMES_FIELD = JsonValues.ascii("],\"event_timestamps\":[");
  private static final byte[] END_COLUMN = JsonValues.ascii("]}");
  private static final byte[] END = JsonValues.ascii("]}");

  /** One output column: a feature of a view. */
  record Column(FeatureView view, int index, String name) {}

  private final Map<String, List<Object>> entities;
  private final int rows;
  private final Map<String, List<EntityKey>> keysByView;
  private final Map<String, FeatureView> views;
  private final List<Column> columns;

  private OnlineRequest(
      Map<String, List<Object>> entities,
      int rows,
      Map<String, FeatureView> views,
      Map<String, List<EntityKey>> keysByView,
      List<Column> columns) {
    this.entities = entities;
    this.rows = rows;
    this.views = views;
    this.keysByView = keysByView;
    this.columns = columns;
  }

  /**
   * Validates {@code body} against {@code repository}.
   *
   * @param maxEntities the most entity rows allowed
   * @throws RequestException naming the first problem found
   */
  static OnlineRequest parse(JsonNode body, FeatureRepository repository, int maxEntities) {
    if (body == null || !body.isObject()) {
      throw new RequestException(
          "malformed_request",
          "the request body must be a JSON object with features or feature_service and entities");
    }
    JsonValues.rejectMisspelledFields(body, FIELDS);
    boolean fullNames = false;
    JsonNode full = body.get("full_feature_names");
    if (full != null && !full.isNull()) {
      fullNames = JsonChecks.bool(full, "full_feature_names", JsonValues.WRONG_TYPE);
    }
    List<FeatureReference> references = references(body, repository);

    // resolve features, keeping request order
    Map<String, FeatureView> views = new LinkedHashMap<>();
    List<Column> columns = new ArrayList<>();
    Map<String, String> namesSeen = new HashMap<>();
    for (FeatureReference reference : references) {
      FeatureView view =
          repository
              .featureView(reference.view())
              .orElseThrow(
                  () ->
                      RequestException.unprocessable(
                          "unknown_feature_view",
                          "feature '"
                              + reference
                              + "': no feature view named '"
                              + reference.view()
                              + "' in the registry"));
      views.putIfAbsent(view.name(), view);
      List<Integer> indexes = new ArrayList<>();
      if (reference.isWholeView()) {
        for (int i = 0; i < view.features().size(); i++) {
          indexes.add(i);
        }
      } else {
        int index = view.indexOf(reference.feature());
        if (index < 0) {
          throw RequestException.unprocessable(
              "unknown_feature",
              "feature '"
                  + reference
                  + "': feature view '"
                  + view.name()
                  + "' has no feature '"
                  + reference.feature()
                  + "'");
        }
        indexes.add(index);
      }
      for (int index : indexes) {
        String feature = view.features().get(index).name();
        String name = fullNames ? view.name() + "__" + feature : feature;
        String previous = namesSeen.put(name, view.name() + ":" + feature);
        if (previous != null) {
          throw RequestException.unprocessable(
              "duplicate_feature_name",
              "feature names must be unique in a response: '"
                  + name
                  + "' is asked twice ("
                  + previous
                  + " and "
                  + view.name()
                  + ":"
                  + feature
                  + "); ask each once, or set full_feature_names to true");
        }
        columns.add(new Column(view, index, name));
      }
    }

    // the join keys the requested views need, with their types
    Map<String, ValueType> keyTypes = new LinkedHashMap<>();
    Map<String, List<Field>> joinKeys = new HashMap<>();
    for (FeatureView view : views.values()) {
      List<Field> keys = repository.joinKeys(view);
      joinKeys.put(view.name(), keys);
      for (Field key : keys) {
        keyTypes.putIfAbsent(key.name(), key.type());
      }
    }
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    int rows = entities(body.get("entities"), keyTypes, maxEntities, entities);
    for (FeatureView view : views.values()) {
      for (Field key : joinKeys.get(view.name())) {
        if (!entities.containsKey(key.name())) {
          throw RequestException.unprocessable(
              "missing_entity_key",
              "entities: feature view '"
                  + view.name()
                  + "' needs join key '"
                  + key.name()
                  + "', which the request does not give");
        }
      }
    }

    // one entity key per row for each view; views of the same join keys share the keys
    Map<List<Field>, List<EntityKey>> keysByJoinKeys = new HashMap<>();
    Map<String, List<EntityKey>> keysByView = new HashMap<>();
    for (FeatureView view : views.values()) {
      List<EntityKey> viewKeys =
          keysByJoinKeys.computeIfAbsent(
              joinKeys.get(view.name()), keys -> entityKeys(keys, entities, rows));
      keysByView.put(view.name(), viewKeys);
    }
    return new OnlineRequest(entities, rows, views, keysByView, List.copyOf(columns));
  }

  private static List<EntityKey> entityKeys(
      List<Field> keys, Map<String, List<Object>> entities, int rows) {
    List<EntityKey> entityKeys = new ArrayList<>(rows);
    for (int row = 0; row < rows; row++) {
      if (keys.size() == 1) {
        String name = keys.get(0).name();
        entityKeys.add(EntityKey.of(name, entities.get(name).get(row)));
      } else {
        Map<String, Object> values = new HashMap<>();
        for (Field key : keys) {
          values.put(key.name(), entities.get(key.name()).get(row));
        }
        entityKeys.add(EntityKey.of(values));
      }
    }
    return entityKeys;
  }

  private static List<FeatureReference> references(JsonNode body, FeatureRepository repository) {
    JsonNode features = body.get("features");
    JsonNode service = body.get("feature_service");
    boolean hasFeatures = features != null && !features.isNull();
    boolean hasService = service != null && !service.isNull();
    if (hasFeatures && hasService) {
      throw new RequestException(
          "malformed_request", "give either features or feature_service, not both");
    }
    if (hasService) {
      if (!service.isTextual()) {
        throw JsonChecks.wrongType(
            "feature_service", "the name of a feature service", service, JsonValues.WRONG_TYPE);
      }
      FeatureService found =
          repository
              .featureService(service.textValue())
              .orElseThrow(
                  () ->
                      RequestException.unprocessable(
                          "unknown_feature_service",
                          "feature_service: no feature service named '"
                              + service.textValue()
                              + "' in the registry"));
      return found.features();
    }
    if (!hasFeatures) {
      throw new RequestException(
          "empty_request",
          "the request asks for no features: give features (a list of 'view:feature')"
              + " or feature_service");
    }
    if (!features.isArray()) {
      throw JsonChecks.wrongType(
          "features", "a list of 'view:feature' strings", features, JsonValues.WRONG_TYPE);
    }
    if (features.isEmpty()) {
      throw new RequestException("empty_request", "features: the list is empty");
    }
    List<FeatureReference> references = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      JsonNode item = features.get(i);
      if (!item.isTextual()) {
        throw JsonChecks.wrongType(
            JsonChecks.index("features", i),
            "a 'view:feature' string",
            item,
            JsonValues.WRONG_TYPE);
      }
      try {
        references.add(FeatureReference.parse(item.textValue()));
      } catch (IllegalArgumentException e) {
        throw new RequestException("malformed_feature", "features[" + i + "]: " + e.getMessage());
      }
    }
    return references;
  }

  /** Reads the entity columns into {@code out}; returns the number of rows. */
  private static int entities(
      JsonNode node,
      Map<String, ValueType> keyTypes,
      int maxEntities,
      Map<String, List<Object>> out) {
    if (node == null || node.isNull()) {
      throw new RequestException(
          "empty_request",
          "entities: missing; give the join keys as columns, e.g. {\"driver_id\": [1001, 1002]}");
    }
    if (!node.isObject()) {
      throw JsonChecks.wrongType(
          "entities",
          "an object of join key columns, e.g. {\"driver_id\": [1001]}",
          node,
          JsonValues.WRONG_TYPE);
    }
    if (node.isEmpty()) {
      throw new RequestException("empty_request", "entities: no join key given");
    }
    int rows = -1;
    String first = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      String name = column.getKey();
      JsonNode values = column.getValue();
      ValueType type = keyTypes.get(name);
      if (type == null) {
        throw RequestException.unprocessable(
            "unknown_entity_key",
            "entities."
                + name
                + ": not a join key of the requested feature views "
                + keyTypes.keySet());
      }
      if (!values.isArray()) {
        throw JsonChecks.wrongType(
            "entities." + name, "a list of values", values, JsonValues.WRONG_TYPE);
      }
      if (values.size() > maxEntities) {
        throw new RequestException(
            "too_many_entities",
            "entities."
                + name
                + ": at most "
                + maxEntities
                + " entity rows per request, found "
                + values.size());
      }
      if (rows < 0) {
        rows = values.size();
        first = name;
      } else if (values.size() != rows) {
        throw RequestException.unprocessable(
            "entity_length_mismatch",
            "entities: every join key needs as many values: '"
                + first
                + "' has "
                + rows
                + ", '"
                + name
                + "' has "
                + values.size());
      }
      List<Object> parsed = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        String where = "entities." + name + "[" + i + "]";
        Object value = JsonValues.read(values.get(i), type, where);
        if (value == null) {
          throw new RequestException("wrong_type", where + ": a join key value cannot be null");
        }
        parsed.add(value);
      }
      out.put(name, parsed);
    }
    if (rows == 0) {
      throw new RequestException("empty_request", "entities: the lists are empty");
    }
    return rows;
  }

  /** How many entity rows the request asks for. */
  int rows() {
    return rows;
  }

  /** The output feature columns, in request order. */
  List<Column> columns() {
    return columns;
  }

  /** The entity keys asked of {@code view}, one per row. */
  List<EntityKey> keys(String view) {
    return keysByView.get(view);
  }

  /**
   * Reads every view in one batched lookup ({@link OnlineStore#readAllAsync}), without holding the
   * calling thread while the store answers.
   *
   * @return completes with one value per row of each view, or exceptionally with the store's
   *     failure
   */
  CompletableFuture<Map<String, List<OnlineValue>>> read(OnlineStore store, Instant now) {
    Map<FeatureView, List<EntityKey>> keys = new LinkedHashMap<>();
    for (FeatureView view : views.values()) {
      keys.put(view, keysByView.get(view.name()));
    }
    return store.readAllAsync(keys, now);
  }

  /**
   * Builds Feast's response of what {@link #read} answered.
   *
   * @throws IllegalStateException the store answered another number of values than asked: a bug
   */
  void respond(Map<String, List<OnlineValue>> read, ServingMetrics metrics, ResponseBuffer out) {
    for (FeatureView view : views.values()) {
      List<OnlineValue> values = read.get(view.name());
      if (values == null || values.size() != rows) {
        throw new IllegalStateException(
            "the online store answered "
                + (values == null ? "nothing" : values.size() + " values")
                + " for "
                + rows
                + " keys of view '"
                + view.name()
                + "'");
      }
    }
    response(read, metrics, out);
  }

  /**
   * Writes Feast's response for the values read to {@code out}, as UTF-8 JSON, counting statuses in
   * {@code metrics}.
   *
   * <p>The hot path of serving: a response holds (1 + features) × rows values, statuses and event
   * times (5,000 of each for 50 features of 100 entities), so it is written token by token straight
   * to bytes ({@link ResponseBuffer}), each row's event time is formatted once per view rather than
   * once per feature, and the statuses and the epoch are pre-encoded.
   */
  void response(Map<String, List<OnlineValue>> read, ServingMetrics metrics, ResponseBuffer out) {
    Map<String, byte[][]> times = new HashMap<>();
    for (Map.Entry<String, List<OnlineValue>> view : read.entrySet()) {
      List<OnlineValue> values = view.getValue();
      byte[][] formatted = new byte[values.size()][];
      for (int row = 0; row < formatted.length; row++) {
        OnlineValue value = values.get(row);
        formatted[row] = value.found() ? JsonValues.formatQuoted(value.eventTime()) : EPOCH;
      }
      times.put(view.getKey(), formatted);
    }
    out.reserve(responseSizeHint());
    out.raw(FEATURE_NAMES);
    boolean first = true;
    for (String name : entities.keySet()) {
      first = comma(out, first);
      out.string(name);
    }
    for (Column column : columns) {
      first = comma(out, first);
      out.string(column.name());
    }
    out.raw(RESULTS);
    first = true;
    for (List<Object> entity : entities.values()) {
      first = comma(out, first);
      out.raw(VALUES);
      for (int row = 0; row < rows; row++) {
        if (row > 0) {
          out.ascii(',');
        }
        JsonValues.write(entity.get(row), out);
      }
      out.raw(STATUSES_FIELD);
      writeRepeated(out, STATUSES[FeatureStatus.PRESENT.ordinal()]);
      out.raw(TIMES_FIELD);
      writeRepeated(out, EPOCH);
      out.raw(END_COLUMN);
    }
    for (Column column : columns) {
      first = comma(out, first);
      List<OnlineValue> values = read.get(column.view().name());
      int index = column.index();
      long[] counts = new long[STATUSES.length];
      out.raw(VALUES);
      for (int row = 0; row < rows; row++) {
        if (row > 0) {
          out.ascii(',');
        }
        OnlineValue value = values.get(row);
        FeatureStatus status = value.status(index);
        counts[status.ordinal()]++;
        JsonValues.write(status == FeatureStatus.PRESENT ? value.value(index) : null, out);
      }
      out.raw(STATUSES_FIELD);
      for (int row = 0; row < rows; row++) {
        if (row > 0) {
          out.ascii(',');
        }
        out.raw(STATUSES[values.get(row).status(index).ordinal()]);
      }
      out.raw(TIMES_FIELD);
      byte[][] columnTimes = times.get(column.view().name());
      for (int row = 0; row < rows; row++) {
        if (row > 0) {
          out.ascii(',');
        }
        out.raw(columnTimes[row]);
      }
      out.raw(END_COLUMN);
      for (FeatureStatus status : FeatureStatus.values()) {
        metrics.featureValues(column.view().name(), status, counts[status.ordinal()]);
      }
    }
    out.raw(END);
    metrics.entityRows(rows);
  }

  /** Writes the comma before every item but the first; returns false, for the next item. */
  private static boolean comma(ResponseBuffer out, boolean first) {
    if (!first) {
      out.ascii(',');
    }
    return false;
  }

  /** The array items of a column holding {@code value} once per entity row. */
  private void writeRepeated(ResponseBuffer out, byte[] value) {
    for (int row = 0; row < rows; row++) {
      if (row > 0) {
        out.ascii(',');
      }
      out.raw(value);
    }
  }

  private static byte[] quoted(byte[] ascii) {
    byte[] text = new byte[ascii.length + 2];
    text[0] = '"';
    System.arraycopy(ascii, 0, text, 1, ascii.length);
    text[text.length - 1] = '"';
    return text;
  }

  /** About the size of a response of doubles, so that the buffer rarely grows. */
  private int responseSizeHint() {
    long perRow = 8 + (long) columns.size() * 60;
    return (int) Math.min(1 << 24, 256 + rows * perRow);
  }
}
