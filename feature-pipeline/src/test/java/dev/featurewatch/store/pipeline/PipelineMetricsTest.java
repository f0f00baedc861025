package dev.featurewatch.store.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PipelineMetrics metrics = new PipelineMetrics(registry);

  private String scrape() {
    return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
  }

  @Test
  void aWindowedViewIsExpectedToRenewWithinItsSlidePlusItsLateness() {
    metrics.writesOnline(
        StreamViews.windowed(
            "trip_stats", Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(3)));
    metrics.writesOnline(StreamViews.projections("latest_trip", Duration.ofMinutes(3)));

    assertThat(scrape())
        .contains(
            "featurewatch_pipeline_expected_interval_seconds{feature_view=\"trip_stats\"} 780.0")
        .doesNotContain(
            "featurewatch_pipeline_expected_interval_seconds{feature_view=\"latest_trip\"");
  }

  @Test
  void aViewsCountersStartAtZeroOnceItIsRead() {
    metrics.reads("trip_stats");

    assertThat(scrape())
        .contains(
            "featurewatch_pipeline_events_total{feature_view=\"trip_stats\"} 0",
            "featurewatch_pipeline_late_events_total{feature_view=\"trip_stats\"} 0",
            "featurewatch_pipeline_dead_letters_total{feature_view=\"trip_stats\",reason=\"bad_key\"} 0",
            "featurewatch_pipeline_dead_letters_total{feature_view=\"trip_stats\",reason=\"late\"} 0");
  }

  @Test
  void theNewestOnlineRowIsTheLatestEventTimeWrittenInWhateverOrder() {
    metrics.onlineRow("trip_stats", Instant.parse("2026-11-01T00:20:00Z"));
    metrics.onlineRow("trip_stats", Instant.parse("2026-11-01T00:30:00.5Z"));
    metrics.onlineRow("trip_stats", Instant.parse("2026-11-01T00:10:00Z"));

    double seconds = Instant.parse("2026-11-01T00:30:00.5Z").toEpochMilli() / 1000.0;
    assertThat(scrape())
        .contains(
            "featurewatch_pipeline_newest_online_row_timestamp_seconds{feature_view=\"trip_stats\"} "
                + seconds);
  }
}
