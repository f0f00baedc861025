package dev.featurewatch.store.pipeline.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.JsonFeatureValues;
import dev.featurewatch.store.row.Times;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON events of a stream feature view's source into {@link ViewEvent}s, or says why an
 * event cannot be used (a {@link BadEventException} with the reason of its dead letter).
 *
 * <p>An event is a JSON object with the view's join keys (int64 keys as JSON integers, string keys
 * as strings), the source's timestamp field (ISO-8601 text, or epoch milliseconds as a number, as
 * the prediction events of DESIGN.md) and the fields the view reads. A missing or null field is a
 * null value, which the aggregations skip; a field of the wrong type is a bad event. The fields a
 * view reads: for projections, one per feature, of the feature's type; for aggregations, each
 * aggregated field once, of the type its aggregations need: the feature's type under {@code last},
 * a number under the numeric ones, any JSON scalar under {@code count} and {@code
 * approx_count_distinct}.
 */
@Internal
public final class EventReader implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = MAPPER.getFactory();
  private static final DeadLetterReason WRONG_TYPE = DeadLetterReason.WRONG_TYPE;

  private final String view;
  private final String timestampField;
  private final List<Field> joinKeys;
  private final List<String> fields;
  // null: any JSON scalar
  private final List<ValueType> types;
  // where each field read goes while an event is read: a name's slot, and each role's
  private final HashMap<String, Integer> slots;
  private final int[] keySlots;
  private final int timeSlot;
  private final int[] fieldSlots;

  private EventReader(
      String view,
      String timestampField,
      List<Field> joinKeys,
      List<String> fields,
      List<ValueType> types) {
    this.view = view;
    this.timestampField = timestampField;
    this.joinKeys = List.copyOf(joinKeys);
    this.fields = List.copyOf(fields);
    this.types = new ArrayList<>(types);
    this.slots = new HashMap<>();
    this.keySlots = joinKeys.stream().mapToInt(k -> slot(k.name())).toArray();
    this.timeSlot = slot(timestampField);
    this.fieldSlots = fields.stream().mapToInt(this::slot).toArray();
  }

  /** The slot of a field's value in an event being read; one per name, however many roles. */
  private int slot(String name) {
    return slots.computeIfAbsent(name, n -> slots.size());
  }

  /**
   * The reader of {@code view}'s events.
   *
   * @throws IllegalArgumentException {@code view} is not a stream feature view of {@code repo}
   */
  public static EventReader of(FeatureRepository repo, FeatureView view) {
    StreamSpec stream = view.stream();
    if (stream == null) {
      throw new IllegalArgumentException(
          "feature view '" + view.name() + "' is not a stream feature view");
    }
    DataSource source =
        repo.source(view.source())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "feature view '" + view.name() + "': no source '" + view.source() + "'"));
    List<Field> keys = new ArrayList<>(repo.joinKeys(view));
    keys.sort(Comparator.comparing(Field::name));
    Map<String, ValueType> fieldTypes = new LinkedHashMap<>();
    if (!stream.windowed()) {
      view.features().forEach(f -> fieldTypes.put(f.name(), f.type()));
    } else {
      for (StreamSpec.Aggregate aggregate : stream.aggregations()) {
        ValueType type = fieldTypes.get(aggregate.field());
        if (aggregate.function() == Aggregation.LAST) {
          type = view.feature(aggregate.feature()).orElseThrow().type();
        } else if (aggregate.function().numeric() && type == null) {
          type = ValueType.DOUBLE;
        }
        fieldTypes.put(aggregate.field(), type);
      }
    }
    return new EventReader(
        view.name(),
        source.timestampField(),
        keys,
        new ArrayList<>(fieldTypes.keySet()),
        new ArrayList<>(fieldTypes.values()));
  }

  /** The event fields read, in the order of {@link ViewEvent#values()}. */
  public List<String> fields() {
    return fields;
  }

  /** The view's join keys in name order: how {@link KeyIds} orders a key's values. */
  public List<Field> joinKeys() {
    return joinKeys;
  }

  /**
   * The view's reading of one event.
   *
   * @throws BadEventException the event is not JSON, lacks a join key or timestamp, or holds a
   *     value of the wrong type; the message names the field, the rule and the value
   */
  public ViewEvent read(String raw) throws BadEventException {
    JsonNode[] found = new JsonNode[slots.size()];
    try (JsonParser parser = JSON.createParser(raw)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new BadEventException(
            DeadLetterReason.INVALID_JSON,
            "an event must be a JSON object, found "
                + (first == null ? "nothing" : MAPPER.<JsonNode>readTree(parser).getNodeType()));
      }
      // one pass over the event's fields: those read become small nodes, the rest are skipped
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        Integer slot = slots.get(name);
        if (slot == null) {
          parser.skipChildren();
        } else {
          // a repeated field counts once, the last time, as in a parsed JSON object
          found[slot] = node(parser, token);
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        parser.nextToken(); // fails: the object is not closed
      }
    } catch (JsonProcessingException e) {
      throw new BadEventException(
          DeadLetterReason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
    List<Object> key = new ArrayList<>(joinKeys.size());
    for (int k = 0; k < joinKeys.size(); k++) {
      Field joinKey = joinKeys.get(k);
      JsonNode node = found[keySlots[k]];
      if (node == null || node.isNull()) {
        throw new BadEventException(
            DeadLetterReason.BAD_KEY,
            "join key '" + joinKey.name() + "' of feature view '" + view + "' is missing");
      }
      key.add(
          typed(
              node, joinKey.type(), "join key '" + joinKey.name() + "'", DeadLetterReason.BAD_KEY));
    }
    long time = timeMicros(found[timeSlot]);
    List<Object> values = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      JsonNode node = found[fieldSlots[i]];
      values.add(
          node == null || node.isNull()
              ? null
              : types.get(i) == null
                  ? scalar(node, "field '" + fields.get(i) + "'")
                  : typed(node, types.get(i), "field '" + fields.get(i) + "'", WRONG_TYPE));
    }
    return new ViewEvent(KeyIds.of(key), time, values);
  }

  /** The value at the parser as the node a parsed JSON object would hold. */
  private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> IntNode.valueOf(parser.getIntValue());
            case LONG -> LongNode.valueOf(parser.getLongValue());
            default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> NullNode.getInstance();
      default -> MAPPER.readTree(parser);
    };
  }

  private long timeMicros(JsonNode node) throws BadEventException {
    String where = "timestamp field '" + timestampField + "'";
    if (node == null || node.isNull()) {
      throw new BadEventException(DeadLetterReason.BAD_TIMESTAMP, where + " is missing");
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Math.multiplyExact(node.longValue(), 1_000L);
    }
    if (node.isTextual()) {
      try {
        Instant time = JsonFeatureValues.timestamp(node.textValue(), where);
        return Times.micros(time);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new BadEventException(DeadLetterReason.BAD_TIMESTAMP, e.getMessage());
      }
    }
    throw new BadEventException(
        DeadLetterReason.BAD_TIMESTAMP,
        where
            + ": must be an ISO-8601 time or epoch milliseconds, found "
            + JsonChecks.describe(node));
  }

  private static Object typed(JsonNode node, ValueType type, String where, DeadLetterReason reason)
      throws BadEventException {
    try {
      return JsonFeatureValues.read(node, type, where);
    } catch (IllegalArgumentException e) {
      throw new BadEventException(reason, e.getMessage());
    }
  }

  private static Object scalar(JsonNode node, String where) throws BadEventException {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    throw new BadEventException(
        DeadLetterReason.WRONG_TYPE,
        where + ": must be a number, string or bool, found " + JsonChecks.describe(node));
  }
}
