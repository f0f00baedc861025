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
    /** Apache Parquet: a file, a directory of files, or hive-style partitions. */
    PARQUET,
    /** Delimited text with a header row; comma-separated unless the source says otherwise. */
    CSV,
    /** Arrow IPC file format. */
    ARROW,
    /**
     * JSON lines: one JSON object per line, the events of a Kafka topic kept for replay (the stream
     * feature pipeline reads them in place of the topic).
     */
    JSONL;

    /**
     * The name in feature repository YAML: {@code parquet}, {@code csv}, {@code arrow} or {@code
     * jsonl}.
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How a file source's timestamp columns are written when they are not typed timestamps. A typed
   * timestamp column (Parquet, Arrow) is read as it is, whatever this says.
   */
  public enum TimestampFormat {
    /** ISO-8601 text, such as {@code 2026-11-23T04:00:00Z}: the default. */
    ISO8601,
    /** Whole seconds since the epoch, as numbers. */
    EPOCH_SECONDS,
    /** Milliseconds since the epoch, as numbers. */
    EPOCH_MILLIS;

    /** The name in feature repository YAML: {@code iso8601}, {@code epoch_seconds} … */
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
   * Files in one format: a file, a directory of files (hive-style partitions such as {@code
   * date=2026-01-01/} included), or a glob such as {@code data/*.parquet}.
   *
   * @param path as written in the repository; a relative path is relative to the repository
   * @param format how to read it
   * @param timestampFormat how untyped timestamp columns are written
   * @param delimiter the field separator of a CSV file, a comma by default
   */
  public record FileSettings(
      String path, FileFormat format, TimestampFormat timestampFormat, char delimiter)
      implements Settings {

    /** The default CSV field separator. */
    public static final char COMMA = ',';

    public FileSettings {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(timestampFormat, "timestampFormat");
    }

    /** Files with ISO-8601 text timestamps and, for CSV, commas. */
    public FileSettings(String path, FileFormat format) {
      this(path, format, TimestampFormat.ISO8601, COMMA);
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
