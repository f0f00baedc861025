package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.pipeline.sink.OfflineStoreSink;
import dev.featurewatch.store.pipeline.sink.OnlineStoreSink;
import dev.featurewatch.streaming.sink.LineSinks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the feature pipeline writes, by location.
 *
 * @param online the online store: {@code redis://…}, or a RocksDB directory (embedded only)
 * @param offline the offline store's directory, shared by every task manager on a cluster
 * @param deadLetters a directory, or {@code kafka:TOPIC}
 * @param kafka Kafka brokers for a dead-letter topic; empty when none
 */
@Internal
public record Outputs(String online, String offline, String deadLetters, String kafka) {

  public Outputs {
    Objects.requireNonNull(online, "online");
    Objects.requireNonNull(offline, "offline");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(kafka, "kafka");
  }

  /** The sinks of {@code views}. */
  public FeatureJob.Sinks sinks(FeatureRepository repo, List<FeatureView> views) {
    Map<String, List<Field>> joinKeys = new LinkedHashMap<>();
    views.forEach(v -> joinKeys.put(v.name(), repo.joinKeys(v)));
    return new FeatureJob.Sinks(
        new OnlineStoreSink(online, views, OnlineStoreSink.Settings.DEFAULT),
        new OfflineStoreSink(offline, views, joinKeys),
        // the views name the job: a restart of the same views resumes its transactions
        LineSinks.of(
            deadLetters,
            kafka,
            "dead-letters",
            "features " + views.stream().map(FeatureView::name).sorted().toList()));
  }
}
