package dev.featurewatch.drift.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.report.DriftAnalyzer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mean time between false FeatureDriftSustained alerts that {@link
 * Calibration#averageWindowsBetweenFalseAlerts} promises, measured on the window verdicts of
 * stationary streams. Under the defaults (α = 0.01, runs of 3) a false alert comes once in about a
 * million windows per feature, too rarely to count; at α = 0.2 the same law is measurable: three
 * normal features, 4,000 windows of 200 values each, every run of 3 drifted windows one alert (a
 * run that goes on is still the same alert). The measured interval must match the law at the
 * measured per-window rate within 30 % (the count of about 80 alerts varies by about 11 %), which
 * also checks that windows false-alarm independently of each other, as the law assumes.
 */
class FalseAlertIntervalTest {

  @Test
  void falseSustainedAlertsComeAsTheRunLengthLawSays() {
    int features = 3;
    int windows = 6000;
    int run = Calibration.SUSTAINED_WINDOWS;
    DriftAnalyzer analyzer = DriftAnalyzer.builder().alpha(0.4).build();
    StationaryStreams.Feature normal = StationaryStreams.suite().get(0);
    long drifted = 0;
    long alerts = 0;
    for (int f = 0; f < features; f++) {
      FeatureProfile baseline = normal.reference(10_000, new SplittableRandom(100 + f));
      SplittableRandom random = new SplittableRandom(200 + f);
      int length = 0;
      for (int w = 0; w < windows; w++) {
        boolean drift =
            analyzer.compare(baseline, normal.window(baseline, 50, random)).score().rawVerdict()
                == Verdict.DRIFT;
        drifted += drift ? 1 : 0;
        length = drift ? length + 1 : 0;
        alerts += length == run ? 1 : 0;
      }
    }
    double p = (double) drifted / (features * windows);
    double measured = (double) features * windows / alerts;
    double promised = Calibration.averageWindowsBetweenFalseAlerts(p, 1, run);
    assertThat(p).as("per-window false-alarm rate").isBetween(0.1, 0.4);
    assertThat(alerts).as("alerts").isGreaterThan(50);
    assertThat(measured / promised)
        .as(
            "windows between false alerts: measured %.1f, promised %.1f at p = %.3f",
            measured, promised, p)
        .isBetween(0.7, 1.4);
  }
}
