package dev.featurewatch.streaming.sink;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.config.RepositoryConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The sink of JSON lines (dead letters, monitoring results) at a location: a directory of
 * JSON-lines files, or a Kafka topic.
 */
@Internal
public final class LineSinks {

  /**
   * The sink of {@code location}.
   *
   * @param location a directory, or {@code kafka:TOPIC}
   * @param kafka the brokers of a topic ({@code host:port,...}); empty when none are known
   * @param prefix the files' name in a directory: {@code dead-letters}, ...
   * @throws IllegalArgumentException a topic without brokers
   */
  public static Sink<String> of(String location, String kafka, String prefix) {
    if (!location.startsWith(RepositoryConfig.KAFKA_PREFIX)) {
      return new JsonLinesFileSink(Path.of(location), prefix);
    }
    String topic = location.substring(RepositoryConfig.KAFKA_PREFIX.length());
    if (kafka.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + " to "
              + location
              + " need Kafka brokers: set streaming.kafka in featurewatch.yaml, or give --kafka");
    }
    // At least once, as the file sink: a restore re-sends the lines since the last checkpoint.
    // Exactly once would hold every line back until a checkpoint commits its transaction.
    return KafkaSink.<String>builder()
        .setBootstrapServers(kafka)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic(topic)
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  private LineSinks() {}
}
