package dev.featurewatch.drift.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibration package against independent references, written by {@code
 * generate_calibration_golden.py}: Benjamini–Hochberg against statsmodels' {@code fdr_bh} (to
 * 1e-12, rounding), and the mean windows to a run of drifted windows against numpy's direct
 * simulation of the run (within 4 standard errors of the simulation).
 */
class CalibrationGoldenTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        CalibrationGoldenTest.class.getResourceAsStream("/golden/calibration/calibration.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void benjaminiHochbergAdjustsAsStatsmodels() {
    assertThat(golden.path("fdr_bh").size()).isGreaterThanOrEqualTo(20);
    for (JsonNode c : golden.path("fdr_bh")) {
      double[] p = doubles(c.path("p"));
      double q = c.path("q").asDouble();
      double[] adjusted = FalseDiscovery.adjust(p);
      double[] expected = doubles(c.path("adjusted"));
      for (int i = 0; i < p.length; i++) {
        assertThat(adjusted[i])
            .as("p %s, index %d", c.path("p"), i)
            .isCloseTo(expected[i], within(1e-12));
        assertThat(adjusted[i] <= q).isEqualTo(c.path("reject").get(i).asBoolean());
      }
    }
  }

  @Test
  void unjudgedFeaturesStayOutOfTheFamily() {
    double[] adjusted = FalseDiscovery.adjust(new double[] {0.01, Double.NaN, 0.04});
    // a family of two: 0.01 * 2 / 1 = 0.02, 0.04 * 2 / 2 = 0.04
    assertThat(adjusted[0]).isCloseTo(0.02, within(1e-15));
    assertThat(adjusted[1]).isNaN();
    assertThat(adjusted[2]).isCloseTo(0.04, within(1e-15));
  }

  @Test
  void meanWindowsToARunMatchADirectSimulation() {
    for (JsonNode c : golden.path("run_length")) {
      double mean =
          Calibration.averageWindowsBetweenFalseAlerts(
              c.path("p").asDouble(), 1, c.path("run").asInt());
      assertThat(mean)
          .as("p %s, run %s", c.path("p"), c.path("run"))
          .isCloseTo(
              c.path("mean_windows").asDouble(), within(4 * c.path("standard_error").asDouble()));
    }
  }

  @Test
  void alphaForAFalseAlertIntervalGivesThatInterval() {
    // 5-minute windows, 12 features, FeatureDriftSustained's 3 windows in a row, once per 90 days
    java.time.Duration window = java.time.Duration.ofMinutes(5);
    double alpha = Calibration.alphaFor(java.time.Duration.ofDays(90), window, 12, 3);
    double windows = Calibration.averageWindowsBetweenFalseAlerts(alpha, 12, 3);
    assertThat(windows).isCloseTo(90 * 24 * 12, within(1.0));
    // the default α = 0.01 waits far longer than 90 days
    assertThat(alpha).isGreaterThan(Calibration.DEFAULT_ALPHA);
  }

  private static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }
}
