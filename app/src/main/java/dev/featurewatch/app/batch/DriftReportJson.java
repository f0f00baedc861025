package dev.featurewatch.app.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.method.DatasetDrift;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.report.DriftReport;
import dev.featurewatch.drift.report.FeatureDrift;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of a drift report, {@code "format": "featurewatch-drift-report"}, version 1,
 * documented in docs/drift-report-json.md. Field names are snake case; a number that is not finite
 * is written as null, and so is the statistic of a feature without enough data.
 */
final class DriftReportJson {

  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DriftReportJson() {}

  static String write(
      DriftReport report,
      ObjectNode referenceSource,
      ObjectNode currentSource,
      Map<String, String> firstInvalid) {
    return text(tree(report, referenceSource, currentSource, firstInvalid));
  }

  /** The report as a JSON tree, which the HTML report adds its distributions to. */
  static ObjectNode tree(
      DriftReport report,
      ObjectNode referenceSource,
      ObjectNode currentSource,
      Map<String, String> firstInvalid) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "featurewatch-drift-report");
    root.put("format_version", FORMAT_VERSION);
    root.set("reference", referenceSource);
    root.set("current", currentSource);
    ArrayNode features = root.putArray("features");
    for (FeatureDrift f : report.features()) {
      ObjectNode node = features.addObject();
      node.put("feature", f.feature());
      node.put("type", lower(f.type()));
      node.put("method", f.method().id());
      node.put("compared_as", lower(f.comparedAs()));
      DriftScore score = f.score();
      node.put("score_kind", lower(f.method().scoreKind()));
      number(node, "score", score.score());
      if (score.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA) {
        node.putNull("statistic"); // nothing was computed
      } else {
        number(node, "statistic", score.statistic());
      }
      number(node, "threshold", score.threshold());
      boolean judged = score.verdict() != DriftScore.Verdict.INSUFFICIENT_DATA;
      node.put("threshold_source", judged ? lower(score.thresholdSource()) : null);
      number(node, "p_value", score.pValue());
      number(node, "adjusted_p_value", score.adjustedPValue());
      number(node, "false_alarm_rate", score.falseAlarmRate());
      number(node, "null_quantile", score.nullQuantile());
      node.put("verdict", lower(score.verdict()));
      node.put("raw_verdict", lower(score.rawVerdict()));
      node.put("drifted", score.isDrift());
      if (score.reason() != null && !score.reason().isEmpty()) {
        node.put("reason", score.reason());
      }
      node.set("reference", side(f.reference()));
      node.set("current", side(f.current()));
      number(node, "out_of_range_share", f.outOfRangeShare());
      ArrayNode unseen = node.putArray("unseen_categories");
      f.unseenCategories().forEach(unseen::add);
      node.put("unseen_count", f.unseenCount());
      String invalid = firstInvalid.get(f.feature());
      if (invalid != null) {
        node.put("first_invalid", invalid);
      }
    }
    DatasetDrift dataset = report.dataset();
    ObjectNode node = root.putObject("dataset");
    node.put("drifted", dataset.drifted());
    node.put("judged", dataset.judged());
    node.put("insufficient", dataset.insufficient());
    number(node, "share", dataset.share());
    number(node, "threshold", dataset.threshold());
    node.put("verdict", lower(dataset.verdict()));
    return root;
  }

  static String text(ObjectNode root) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static ObjectNode source(String kind, String file, long rows) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", kind);
    node.put("file", file);
    node.put("rows", rows);
    return node;
  }

  private static ObjectNode side(FeatureDrift.SideSummary side) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("rows", side.rows());
    node.put("values", side.values());
    node.put("missing", side.missing());
    node.put("invalid", side.invalid());
    number(node, "missing_share", side.missingShare());
    return node;
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
