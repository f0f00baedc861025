package dev.featurewatch.streaming.source;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The event sources of a repository's data sources: Kafka topics, or files of JSON lines replayed
 * in their place.
 */
@Internal
public final class EventSources {

  /** The consumer group of the feature pipeline, whose offsets Flink commits on checkpoints. */
  public static final String GROUP_ID = "featurewatch-features";

  /**
   * Kafka sources read their topic from the offsets the job committed, else from the earliest; file
   * sources read their file. {@code bootstrapServers} serves sources that name none.
   *
   * @param repo the repository directory, against which relative file paths resolve
   */
  public static EventSource live(
      FeatureRepository definitions, Path repo, String bootstrapServers) {
    return live(definitions, repo, bootstrapServers, GROUP_ID);
  }

  /**
   * As {@link #live(FeatureRepository, Path, String)}, in the consumer group {@code groupId}: each
   * job its own, so their committed offsets are their own.
   */
  public static EventSource live(
      FeatureRepository definitions, Path repo, String bootstrapServers, String groupId) {
    return (env, source, watermarks) -> {
      if (source.settings() instanceof DataSource.KafkaSettings kafka) {
        String servers =
            kafka.bootstrapServers().isEmpty() ? bootstrapServers : kafka.bootstrapServers();
        if (servers == null || servers.isEmpty()) {
          throw new IllegalArgumentException(
              "data source '"
                  + source.name()
                  + "': no bootstrap_servers, and no streaming.kafka in featurewatch.yaml nor --kafka");
        }
        // Kafka 4 deprecated the enum, but the connector (5.0) takes no other way to start from
        // the earliest offsets of a group that has committed none
        @SuppressWarnings("deprecation")
        OffsetsInitializer committedElseEarliest =
            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        KafkaSource<String> topic =
            KafkaSource.<String>builder()
                .setBootstrapServers(servers)
                .setTopics(kafka.topic())
                .setGroupId(groupId)
                .setStartingOffsets(committedElseEarliest)
                .setDeserializer(new Values())
                .build();
        return env.fromSource(topic, watermarks, "kafka " + kafka.topic())
            .uid("source/" + source.name());
      }
      return file(env, source.name(), replayFile(definitions, repo, source), watermarks);
    };
  }

  /**
   * Every source replays a file: a file source its own, a Kafka source its batch source's. For the
   * embedded mode without a broker, and for backfills.
   */
  public static EventSource replay(FeatureRepository definitions, Path repo) {
    return (env, source, watermarks) ->
        file(env, source.name(), replayFile(definitions, repo, source), watermarks);
  }

  private static Path replayFile(FeatureRepository definitions, Path repo, DataSource source) {
    DataSource file = source;
    if (source.settings() instanceof DataSource.KafkaSettings kafka) {
      if (kafka.batchSource().isEmpty()) {
        throw new IllegalArgumentException(
            "data source '"
                + source.name()
                + "' is a Kafka topic without a batch_source to replay: give it a file source"
                + " of its events as batch_source, or run with Kafka");
      }
      file = definitions.source(kafka.batchSource()).orElseThrow();
    }
    if (!(file.settings() instanceof DataSource.FileSettings settings)
        || settings.format() != DataSource.FileFormat.JSONL) {
      throw new IllegalArgumentException(
          "data source '"
              + file.name()
              + "': a stream feature view replays JSON lines (format jsonl), found "
              + file.settings());
    }
    return repo.resolve(settings.path()).normalize();
  }

  private static DataStream<String> file(
      StreamExecutionEnvironment env,
      String name,
      Path path,
      WatermarkStrategy<String> watermarks) {
    FileSource<String> lines =
        FileSource.forRecordStreamFormat(
                new TextLineInputFormat(StandardCharsets.UTF_8.name()),
                new org.apache.flink.core.fs.Path(path.toUri()))
            .build();
    return env.fromSource(lines, watermarks, "replay " + path.getFileName()).uid("source/" + name);
  }

  /**
   * Message values as text; a message without a value (a tombstone) is an empty event, which the
   * view refuses as invalid JSON, so it is counted rather than lost.
   */
  private static final class Values implements KafkaRecordDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
      byte[] value = record.value();
      out.collect(value == null ? "" : new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return BasicTypeInfo.STRING_TYPE_INFO;
    }
  }

  private EventSources() {}
}
