package dev.featurewatch.store.definition;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the rows of a feature view come from: a Kafka topic, files, or pushes through the feature
 * server's {@code /push}.
 *
 * @param name unique in the repository
 * @param settings what the kind needs (topic, file path and format, batch source)
 * @param timestampField the column holding the event time; required for Kafka and file sources, may
 *     be empty for a push source (pushed rows carry {@code event_timestamp})
 * @param createdTimestampField the column holding when a row was produced, used to break ties
 *     between rows of one event time; empty when there is none
 * @param description free text, may be empty
 * @param tags free key-value labels
 */
public record DataSource(
    String name,
    DataSource.Settings settings,
    String timestampField,
    String createdTimestampField,
    String description,
    Map<String, String> tags) {

  public DataSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    timestampField = timestampField == null ? "" : timestampField;
    if (timestampField.isEmpty() && settings.kind() != Kind.PUSH) {
      throw new IllegalArgumentException(
          "data source '"
              + name
              + "': a "
              + settings.kind().id()
              + " source needs a timestamp field");
    }
    createdTimestampField = createdTimestampField == null ? "" : createdTimestampField;
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The kind of source, from its settings. */
  public Kind kind() {
    return settings.kind();
  }

  /** The kinds of data source, with the name used in YAML. */
  public enum Kind {
    KAFKA,
    FILE,
    PUSH;

    /** The name in feature repository YAML: {@code kafka}, {@code file} or {@code push}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The formats a file source can be read in. */
  public enum FileFormat {
    /** Comma-separated text with a header row. */
    CSV,
    /** Arrow IPC file format. */
    ARROW,
    /**
     * JSON lines: one JSON object per line, the events of a Kafka topic kept for replay (the stream
     * feature pipeline reads them in place of the topic).
     */
    JSONL;

    /** The name in feature repository YAML: {@code csv}, {@code arrow} or {@code jsonl}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The kind-specific part of a data source. */
  public sealed interface Settings permits KafkaSettings, FileSettings, PushSettings {
    Kind kind();
  }

  /**
   * A Kafka topic of JSON records.
   *
   * @param topic the topic name
   * @param bootstrapServers {@code host:port,...}; empty to use the configured brokers
   * @param batchSource the name of a file source holding the same events, for replay and backfill
   *     (as Feast's {@code KafkaSource.batch_source}); empty when there is none
   */
  public record KafkaSettings(String topic, String bootstrapServers, String batchSource)
      implements Settings {
    public KafkaSettings {
      Objects.requireNonNull(topic, "topic");
      bootstrapServers = bootstrapServers == null ? "" : bootstrapServers;
      batchSource = batchSource == null ? "" : batchSource;
    }

    @Override
    public Kind kind() {
      return Kind.KAFKA;
    }
  }

  /**
   * A file, or a directory of files, in one format.
   *
   * @param path as written in the repository; a relative path is relative to the repository
   * @param format how to read it
   */
  public record FileSettings(String path, FileFormat format) implements Settings {
    public FileSettings {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
    }

    @Override
    public Kind kind() {
      return Kind.FILE;
    }
  }

  /**
   * Rows pushed through the feature server.
   *
   * @param batchSource the name of a file source holding the same rows for training and backfill;
   *     empty when there is none
   */
  public record PushSettings(String batchSource) implements Settings {
    public PushSettings {
      batchSource = batchSource == null ? "" : batchSource;
    }

    @Override
    public Kind kind() {
      return Kind.PUSH;
    }
  }
}
