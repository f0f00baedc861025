package dev.featurewatch.store.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.online.OnlineStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;

/**
 * The feature server's answers to {@code POST /get-online-features} without HTTP: the request
 * parsed, the store read, Feast's answer written, as the server does them. For the benchmark of the
 * server's own work ({@code OnlineResponseBenchmark}); not thread-safe (one answer buffer, reused).
 */
@Internal
public final class OnlineAnswers {

  private final FeatureRepository repository;
  private final OnlineStore store;
  private final int maxEntities;
  private final ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry());
  private final ResponseBuffer buffer = new ResponseBuffer();

  /**
   * @param maxEntities the most entity rows a request may ask for
   */
  public OnlineAnswers(FeatureRepository repository, OnlineStore store, int maxEntities) {
    this.repository = repository;
    this.store = store;
    this.maxEntities = maxEntities;
  }

  /** Answers {@code body} at {@code now}; returns the answer's length in bytes. */
  public int answer(JsonNode body, Instant now) {
    OnlineRequest request = OnlineRequest.parse(body, repository, maxEntities);
    buffer.reset();
    request.respond(request.read(store, now).join(), metrics, buffer);
    return buffer.length();
  }
}
