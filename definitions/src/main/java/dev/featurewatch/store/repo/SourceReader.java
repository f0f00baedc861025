package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys.SourceKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code sources}: a Kafka topic, files, or pushes, each with the keys of its kind. A
 * source's {@code batch_source} may name one declared after it: {@link #checkBatchSources} checks
 * them once every source is read.
 */
final class SourceReader {

  private final Declarations<DataSource> sources;
  // the batch_source references, by where they are, for checkBatchSources
  private final Map<YamlCursor, String> batchSources = new LinkedHashMap<>();

  SourceReader(Declarations<DataSource> sources) {
    this.sources = sources;
  }

  void read(YamlCursor source) {
    int before = source.problemCount();
    String name = source.name(SourceKeys.NAME);
    String kindText = source.text(SourceKeys.KIND, true);
    DataSource.Kind kind = null;
    if (kindText != null) {
      for (DataSource.Kind k : DataSource.Kind.values()) {
        if (k.id().equals(kindText)) {
          kind = k;
        }
      }
      if (kind == null) {
        source
            .at(SourceKeys.KIND)
            .problem("must be one of kafka, file, push, found '" + kindText + "'");
      }
    }
    source.keys(kind == null ? SourceKeys.ofAnyKind() : SourceKeys.of(kind));
    String timestampField =
        source.text(
            SourceKeys.TIMESTAMP_FIELD,
            kind == DataSource.Kind.KAFKA || kind == DataSource.Kind.FILE);
    String createdField = source.text(SourceKeys.CREATED_TIMESTAMP_FIELD, false);
    String description = source.text(SourceKeys.DESCRIPTION, false);
    Map<String, String> tags = source.tags(SourceKeys.TAGS);
    DataSource.Settings settings = null;
    if (kind == DataSource.Kind.KAFKA) {
      String topic = source.text(SourceKeys.TOPIC, true);
      String servers = source.text(SourceKeys.BOOTSTRAP_SERVERS, false);
      String batch = batchSource(source);
      settings = topic == null ? null : new DataSource.KafkaSettings(topic, servers, batch);
    } else if (kind == DataSource.Kind.FILE) {
      settings = fileSettings(source);
    } else if (kind == DataSource.Kind.PUSH) {
      settings = new DataSource.PushSettings(batchSource(source));
    }
    if (sources.declare(name, source) && source.problemCount() == before) {
      sources.add(
          name, new DataSource(name, settings, timestampField, createdField, description, tags));
    }
  }

  /** The optional batch_source of a kafka or push source, checked once all sources are read. */
  private String batchSource(YamlCursor source) {
    String batch = source.text(SourceKeys.BATCH_SOURCE, false);
    if (batch != null && !batch.isEmpty()) {
      batchSources.put(source.at(SourceKeys.BATCH_SOURCE), batch);
    }
    return batch;
  }

  private static DataSource.FileSettings fileSettings(YamlCursor source) {
    String path = source.text(SourceKeys.PATH, true);
    DataSource.FileFormat format = fileFormat(source, path);
    DataSource.TimestampFormat timestampFormat = DataSource.TimestampFormat.ISO8601;
    String timestampText = source.text(SourceKeys.TIMESTAMP_FORMAT, false);
    if (timestampText != null) {
      timestampFormat = null;
      for (DataSource.TimestampFormat f : DataSource.TimestampFormat.values()) {
        if (f.id().equals(timestampText)) {
          timestampFormat = f;
        }
      }
      if (timestampFormat == null) {
        source
            .at(SourceKeys.TIMESTAMP_FORMAT)
            .problem(
                "must be one of iso8601, epoch_seconds, epoch_millis, found '"
                    + timestampText
                    + "'");
      }
    }
    char delimiter = DataSource.FileSettings.COMMA;
    String delimiterText = source.text(SourceKeys.DELIMITER, false);
    if (delimiterText != null) {
      String unescaped = delimiterText.equals("\\t") ? "\t" : delimiterText;
      if (unescaped.length() != 1 || unescaped.equals("\"") || unescaped.equals("\n")) {
        source
            .at(SourceKeys.DELIMITER)
            .problem(
                "must be one character other than a quote or a newline (\\t for a tab), found '"
                    + delimiterText
                    + "'");
      } else if (format != null && format != DataSource.FileFormat.CSV) {
        source
            .at(SourceKeys.DELIMITER)
            .problem("only a csv source has a delimiter, found format " + format.id());
      } else {
        delimiter = unescaped.charAt(0);
      }
    }
    if (path == null || format == null || timestampFormat == null) {
      return null;
    }
    return new DataSource.FileSettings(path, format, timestampFormat, delimiter);
  }

  private static DataSource.FileFormat fileFormat(YamlCursor source, String path) {
    String formatText = source.text(SourceKeys.FORMAT, false);
    if (formatText != null) {
      for (DataSource.FileFormat format : DataSource.FileFormat.values()) {
        if (format.id().equals(formatText)) {
          return format;
        }
      }
      source
          .at(SourceKeys.FORMAT)
          .problem("must be one of parquet, csv, arrow, jsonl, found '" + formatText + "'");
      return null;
    }
    if (path == null) {
      return null;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet")) {
      return DataSource.FileFormat.PARQUET;
    }
    if (lower.endsWith(".csv")) {
      return DataSource.FileFormat.CSV;
    }
    if (lower.endsWith(".arrow")) {
      return DataSource.FileFormat.ARROW;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return DataSource.FileFormat.JSONL;
    }
    source
        .at(SourceKeys.FORMAT)
        .problem(
            "required when the path does not end in .parquet, .csv, .arrow, .jsonl or .ndjson,"
                + " found path '"
                + path
                + "'");
    return null;
  }

  /** Checks that every batch_source names a declared file source. */
  void checkBatchSources() {
    for (Map.Entry<YamlCursor, String> ref : batchSources.entrySet()) {
      String name = ref.getValue();
      DataSource batch = sources.get(name);
      if (!sources.isDeclared(name)) {
        ref.getKey().problem(sources.unknown(name));
      } else if (batch != null && batch.kind() != DataSource.Kind.FILE) {
        ref.getKey()
            .problem(
                "a batch source must be a file source, found "
                    + batch.kind().id()
                    + " source '"
                    + name
                    + "'");
      }
    }
  }
}
