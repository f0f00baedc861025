package dev.featurewatch.store.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated {@code POST /push} or {@code POST /write-to-online-store} request: the rows of a
 * column-major data frame ({@code "df": {"column": [values...], ...}}) for each target view.
 *
 * <p>The frame needs the views' join keys, the event time column (the source's timestamp field,
 * {@code event_timestamp} when it has none) and every feature of each view; the created time column
 * is read when the source names one and the frame has it. Other columns are ignored, and a scalar
 * instead of a list is repeated on every row (pandas does so for Feast).
 *
 * @param views the views written, each with its rows
 * @param to where pushed rows go
 */
record WriteRequest(Map<FeatureView, List<FeatureRow>> views, Target to) {

  /** Where a push writes, as Feast's {@code PushMode} names it. */
  enum Target {
    ONLINE(true, false),
    OFFLINE(false, true),
    ONLINE_AND_OFFLINE(true, true);

    final boolean online;
    final boolean offline;

    Target(boolean online, boolean offline) {
      this.online = online;
      this.offline = offline;
    }

    static Target parse(JsonNode node) {
      if (node == null || node.isNull()) {
        return ONLINE;
      }
      if (node.isTextual()) {
        switch (node.textValue().toLowerCase(Locale.ROOT)) {
          case "online":
            return ONLINE;
          case "offline":
            return OFFLINE;
          case "online_and_offline":
          case "both":
            return ONLINE_AND_OFFLINE;
          default:
            break;
        }
      }
      throw JsonChecks.wrongType(
          "to", "\"online\", \"offline\" or \"online_and_offline\"", node, JsonValues.WRONG_TYPE);
    }
  }

  // what Feast's PushFeaturesRequest and WriteToFeatureStoreRequest hold; the cache and transform
  // flags are accepted and ignored (this server reads a cached registry and has no transforms)
  private static final Set<String> PUSH_FIELDS =
      new TreeSet<>(
          Set.of("push_source_name", "df", "to", "allow_registry_cache", "transform_on_write"));
  private static final Set<String> WRITE_FIELDS =
      new TreeSet<>(
          Set.of("feature_view_name", "df", "allow_registry_cache", "transform_on_write"));

  /** A {@code /push} request: rows for every view fed by the push source. */
  static WriteRequest push(JsonNode body, FeatureRepository repository, int maxRows) {
    requireObject(body, "push_source_name");
    JsonValues.rejectMisspelledFields(body, PUSH_FIELDS);
    String sourceName = text(body, "push_source_name");
    Target to = Target.parse(body.get("to"));
    frameRows(body.get("df"), maxRows);
    DataSource source =
        repository
            .source(sourceName)
            .filter(s -> s.kind() == DataSource.Kind.PUSH)
            .orElseThrow(
                () ->
                    RequestException.unprocessable(
                        "unknown_push_source",
                        "push_source_name: no push source named '"
                            + sourceName
                            + "' in the registry"));
    Map<FeatureView, List<FeatureRow>> views = new java.util.LinkedHashMap<>();
    for (FeatureView view : repository.featureViews()) {
      if (view.source().equals(sourceName)) {
        views.put(
            view,
            rows(
                view,
                repository.joinKeys(view),
                timestampField(source, repository),
                source,
                body.get("df"),
                maxRows));
      }
    }
    if (views.isEmpty()) {
      throw RequestException.unprocessable(
          "unknown_push_source",
          "push_source_name: no feature view reads from push source '" + sourceName + "'");
    }
    return new WriteRequest(views, to);
  }

  /** A {@code /write-to-online-store} request: rows for one view. */
  static WriteRequest writeToOnline(JsonNode body, FeatureRepository repository, int maxRows) {
    requireObject(body, "feature_view_name");
    JsonValues.rejectMisspelledFields(body, WRITE_FIELDS);
    String name = text(body, "feature_view_name");
    frameRows(body.get("df"), maxRows);
    FeatureView view =
        repository
            .featureView(name)
            .orElseThrow(
                () ->
                    RequestException.unprocessable(
                        "unknown_feature_view",
                        "feature_view_name: no feature view named '" + name + "' in the registry"));
    if (!view.online()) {
      throw RequestException.unprocessable(
          "view_not_online",
          "feature_view_name: feature view '" + name + "' is not served online (online: false)");
    }
    DataSource source = repository.source(view.source()).orElse(null);
    return new WriteRequest(
        Map.of(
            view,
            rows(
                view,
                repository.joinKeys(view),
                timestampField(source, repository),
                source,
                body.get("df"),
                maxRows)),
        Target.ONLINE);
  }

  private static void requireObject(JsonNode body, String field) {
    if (body == null || !body.isObject()) {
      throw new RequestException(
          "malformed_request", "the request body must be a JSON object with " + field + " and df");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw new RequestException("malformed_request", field + ": missing");
    }
    return JsonChecks.text(node, field, JsonValues.WRONG_TYPE);
  }

  /** The event time column: the source's, its batch source's, or {@code event_timestamp}. */
  private static String timestampField(DataSource source, FeatureRepository repository) {
    if (source == null) {
      return "event_timestamp";
    }
    if (!source.timestampField().isEmpty()) {
      return source.timestampField();
    }
    if (source.settings() instanceof DataSource.PushSettings) {
      String batch = ((DataSource.PushSettings) source.settings()).batchSource();
      if (batch != null && !batch.isEmpty()) {
        return repository
            .source(batch)
            .map(DataSource::timestampField)
            .filter(f -> !f.isEmpty())
            .orElse("event_timestamp");
      }
    }
    return "event_timestamp";
  }

  /**
   * The number of rows of the data frame {@code df}, checking its shape: present, an object, at
   * least one and at most {@code maxRows} rows (400), columns of equal length (422). Checked before
   * any name is looked up in the registry, so that a request breaking the schema is answered 400
   * whatever it names.
   */
  private static int frameRows(JsonNode df, int maxRows) {
    if (df == null || df.isNull()) {
      throw new RequestException("empty_request", "df: missing; give the rows as columns");
    }
    if (!df.isObject()) {
      throw JsonChecks.wrongType(
          "df",
          "an object of columns, e.g. {\"driver_id\": [1001], ...}",
          df,
          JsonValues.WRONG_TYPE);
    }
    int rows = -1;
    String first = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = df.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      if (!column.getValue().isArray()) {
        continue;
      }
      int size = column.getValue().size();
      if (rows < 0) {
        rows = size;
        first = column.getKey();
      } else if (size != rows) {
        throw RequestException.unprocessable(
            "entity_length_mismatch",
            "df: every column needs as many values: '"
                + first
                + "' has "
                + rows
                + ", '"
                + column.getKey()
                + "' has "
                + size);
      }
    }
    if (rows < 0) {
      rows = 1; // only scalars: one row, as pandas builds it
    }
    if (rows == 0) {
      throw new RequestException("empty_request", "df: the columns are empty");
    }
    if (rows > maxRows) {
      throw new RequestException(
          "too_many_entities", "df: at most " + maxRows + " rows per request, found " + rows);
    }
    return rows;
  }

  /** The rows of {@code view} in the data frame {@code df}. */
  static List<FeatureRow> rows(
      FeatureView view,
      List<Field> joinKeys,
      String timestampField,
      DataSource source,
      JsonNode df,
      int maxRows) {
    int rows = frameRows(df, maxRows);
    List<List<Object>> keys = new ArrayList<>();
    for (Field key : joinKeys) {
      keys.add(column(df, key.name(), key.type(), rows, view, true));
    }
    List<Object> times = column(df, timestampField, ValueType.TIMESTAMP, rows, view, true);
    String createdField = source == null ? "" : source.createdTimestampField();
    List<Object> created =
        !createdField.isEmpty() && df.has(createdField)
            ? column(df, createdField, ValueType.TIMESTAMP, rows, view, false)
            : null;
    List<List<Object>> features = new ArrayList<>();
    for (Field feature : view.features()) {
      features.add(column(df, feature.name(), feature.type(), rows, view, false));
    }
    List<FeatureRow> out = new ArrayList<>(rows);
    for (int row = 0; row < rows; row++) {
      Map<String, Object> key = new HashMap<>();
      for (int k = 0; k < joinKeys.size(); k++) {
        key.put(joinKeys.get(k).name(), keys.get(k).get(row));
      }
      List<Object> values = new ArrayList<>(features.size());
      for (List<Object> feature : features) {
        values.add(feature.get(row));
      }
      out.add(
          new FeatureRow(
              view.name(),
              EntityKey.of(key),
              (Instant) times.get(row),
              created == null ? null : (Instant) created.get(row),
              values));
    }
    return out;
  }

  private static List<Object> column(
      JsonNode df, String name, ValueType type, int rows, FeatureView view, boolean required) {
    JsonNode column = df.get(name);
    if (column == null) {
      throw RequestException.unprocessable(
          "missing_column",
          "df: feature view '" + view.name() + "' needs column '" + name + "', which df lacks");
    }
    List<Object> values = new ArrayList<>(rows);
    // a list<double> column is a list of lists; a plain list there is one value for every row
    boolean list = column.isArray() && (type != ValueType.DOUBLE_LIST || listOfLists(column));
    for (int row = 0; row < rows; row++) {
      JsonNode node = list ? column.get(row) : column;
      String where = "df." + name + (list ? "[" + row + "]" : "");
      Object value = JsonValues.read(node, type, where);
      if (value == null && required) {
        throw RequestException.unprocessable("wrong_type", where + ": cannot be null");
      }
      values.add(value);
    }
    return values;
  }

  private static boolean listOfLists(JsonNode column) {
    for (JsonNode item : column) {
      if (!item.isArray() && !item.isNull()) {
        return false;
      }
    }
    return true;
  }
}
