package dev.featurewatch.streaming.sink;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.config.RepositoryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The sink of JSON lines (dead letters, monitoring results) at a location: a directory of
 * JSON-lines files, or a Kafka topic. Both are exactly once on checkpoints: what a checkpoint
 * covers becomes visible when it completes, and a restore from it neither loses nor repeats a line.
 * The price is a delay of up to one checkpoint interval before a line can be read.
 */
@Internal
public final class LineSinks {

  /**
   * How long a Kafka transaction may stay open: below the broker's {@code
   * transaction.max.timeout.ms} (15 minutes by default), or the producer is refused, and well above
   * a checkpoint interval plus a restart, or a transaction the restarted job should commit is
   * aborted by the broker first. It is also how long the lines of a job killed for good, and not
   * restarted, hold {@code read_committed} readers back before the broker aborts them.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  /**
   * The sink of {@code location}.
   *
   * @param location a directory, or {@code kafka:TOPIC}
   * @param kafka the brokers of a topic ({@code host:port,...}); empty when none are known
   * @param prefix the files' name in a directory: {@code dead-letters}, ...
   * @param job what identifies the writing job across its restarts and apart from other jobs (its
   *     monitors, say): the Kafka transactions' ids derive from it, so that a restarted job aborts
   *     what its killed run left open, and two jobs writing one topic do not fence each other
   * @throws IllegalArgumentException a topic without brokers
   */
  public static Sink<String> of(String location, String kafka, String prefix, String job) {
    if (!location.startsWith(RepositoryConfig.KAFKA_PREFIX)) {
      return directory(Path.of(location), prefix);
    }
    String topic = location.substring(RepositoryConfig.KAFKA_PREFIX.length());
    if (kafka.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + " to "
              + location
              + " need Kafka brokers: set streaming.kafka in featurewatch.yaml, or give --kafka");
    }
    return KafkaSink.<String>builder()
        .setBootstrapServers(kafka)
        .setRecordSerializer(new StampedWhenWritten(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix(prefix, topic, job))
        .setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()))
        .build();
  }

  /**
   * Lines in {@code <dir>/<prefix>-<uuid>-<n>.jsonl}, one file per subtask and checkpoint that had
   * lines (Flink's file sink): written under a hidden in-progress name, and renamed into place when
   * the checkpoint completes, or at the end of a bounded input. Readers take the {@code .jsonl}
   * files and see whole checkpoints only; a restore truncates the in-progress file to the
   * checkpoint's length.
   */
  public static Sink<String> directory(Path dir, String prefix) {
    return FileSink.forRowFormat(
            new org.apache.flink.core.fs.Path(dir.toAbsolutePath().toUri()),
            new SimpleStringEncoder<String>(StandardCharsets.UTF_8.name()))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder().withPartPrefix(prefix).withPartSuffix(".jsonl").build())
        .build();
  }

  /**
   * A line as a Kafka record stamped with the time it is written (the producer's clock), not with
   * its element's event time, which Flink's default serializer copies. The brokers' time-based
   * retention reads that stamp: a result of a replayed day, or of any window older than {@code
   * retention.ms}, would be deleted at the next retention check, soon after it was committed and
   * before its readers came. The window's times are in the line.
   */
  static final class StampedWhenWritten implements KafkaRecordSerializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    StampedWhenWritten(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        String line, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code featurewatch-<prefix>-<topic>-<digest of job>}: stable across restarts of one job,
   * distinct between jobs; Flink appends the subtask and the checkpoint.
   */
  static String transactionalIdPrefix(String prefix, String topic, String job) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(job.getBytes(StandardCharsets.UTF_8));
      return "featurewatch-" + prefix + "-" + topic + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private LineSinks() {}
}
