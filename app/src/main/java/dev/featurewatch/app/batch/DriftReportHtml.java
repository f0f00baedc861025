package dev.featurewatch.app.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.batch.FeatureDistributions.Distribution;
import dev.featurewatch.web.HtmlPage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The HTML form of a drift report: one self-contained page ({@link HtmlPage}) whose data is the
 * JSON report of {@link DriftReportJson} with each feature's {@code distribution} added ({@code
 * labels}, {@code reference} and {@code current} counts, and a {@code note} on the bins), the
 * calibration sentence of the table form, and when it was written.
 */
final class DriftReportHtml {

  private DriftReportHtml() {}

  static String write(
      ObjectNode report,
      Map<String, Distribution> distributions,
      String calibration,
      Instant written) {
    for (var feature : report.withArray("features")) {
      Distribution distribution = distributions.get(feature.get("feature").asText());
      if (distribution == null) {
        continue;
      }
      ObjectNode node = ((ObjectNode) feature).putObject("distribution");
      ArrayNode labels = node.putArray("labels");
      distribution.labels().forEach(labels::add);
      ArrayNode reference = node.putArray("reference");
      for (long count : distribution.reference()) {
        reference.add(count);
      }
      ArrayNode current = node.putArray("current");
      for (long count : distribution.current()) {
        current.add(count);
      }
      node.put("note", distribution.note());
    }
    report.put("calibration", calibration.strip());
    report.put("generated_at", written.truncatedTo(ChronoUnit.SECONDS).toString());
    String current = report.path("current").path("file").asText();
    return HtmlPage.render(
        "Drift report: " + current, HtmlPage.DRIFT_REPORT, DriftReportJson.text(report));
  }
}
