package dev.featurewatch.store.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.Problems;
import dev.featurewatch.store.definition.ValueType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Feature values from JSON, as Feast clients send them to the feature server and as producers write
 * them in events: the Java value of each {@link ValueType}, or an error naming the place, the rule
 * and the value.
 */
public final class JsonFeatureValues {

  /** How the values' problems are thrown: {@code where: rule}. */
  private static final Problems<IllegalArgumentException> PROBLEMS =
      (where, rule) -> new IllegalArgumentException(where + ": " + rule);

  /**
   * The value of {@code type} in {@code node}, or null for JSON null.
   *
   * @param where the field and index, for the message
   * @throws IllegalArgumentException when the node does not hold a value of {@code type}, naming
   *     {@code where}, the rule and the value
   */
  public static Object read(JsonNode node, ValueType type, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    switch (type) {
      case INT64:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        // pandas turns an int column with a missing value into floats: accept 1000.0
        if (node.isFloatingPointNumber()
            && node.canConvertToLong()
            && node.doubleValue() == Math.rint(node.doubleValue())) {
          return node.longValue();
        }
        break;
      case DOUBLE:
        if (node.isNumber()) {
          return node.doubleValue();
        }
        break;
      case STRING:
        if (node.isTextual()) {
          return node.textValue();
        }
        break;
      case BOOL:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case TIMESTAMP:
        if (node.isTextual()) {
          return timestamp(node.textValue(), where);
        }
        break;
      case DOUBLE_LIST:
        if (node.isArray()) {
          List<Double> list = new ArrayList<>(node.size());
          for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isNumber()) {
              throw wrongType(item, type, where + "[" + i + "]");
            }
            list.add(item.doubleValue());
          }
          return Collections.unmodifiableList(list);
        }
        break;
      default:
        break;
    }
    throw wrongType(node, type, where);
  }

  private static IllegalArgumentException wrongType(JsonNode node, ValueType type, String where) {
    // the node's type too: a string "12.5" where a number is meant reads clearer as STRING "12.5"
    return PROBLEMS.at(
        where,
        "must be "
            + describe(type)
            + ", found "
            + node.getNodeType()
            + " "
            + JsonChecks.describe(node));
  }

  private static String describe(ValueType type) {
    switch (type) {
      case INT64:
        return "an int64 (a JSON integer)";
      case DOUBLE:
        return "a double (a JSON number)";
      case STRING:
        return "a string";
      case BOOL:
        return "a bool (true or false)";
      case TIMESTAMP:
        return "a timestamp string like 2022-05-13T10:59:42Z";
      case DOUBLE_LIST:
        return "a list<double> (an array of numbers)";
      default:
        return type.id();
    }
  }

  /**
   * A timestamp as Feast clients send it: ISO-8601 with an offset ({@code 2022-05-13T10:59:42Z},
   * {@code 2022-05-13 10:59:42+00:00}) or without one, read as UTC ({@code 2022-05-13 10:59:42},
   * pandas' {@code str(datetime)}).
   */
  public static Instant timestamp(String text, String where) {
    Instant common = IsoTimestamps.parse(text);
    if (common != null) {
      return common;
    }
    String iso = text.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutOffset) {
        throw PROBLEMS.at(
            where,
            "must be a timestamp like 2022-05-13T10:59:42Z or 2022-05-13 10:59:42+00:00, found "
                + JsonChecks.describe(TextNode.valueOf(text)));
      }
    }
  }

  private JsonFeatureValues() {}
}
