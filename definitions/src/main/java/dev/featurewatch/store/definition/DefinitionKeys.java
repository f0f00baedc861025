package dev.featurewatch.store.definition;

import dev.featurewatch.annotation.Internal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The keys of a feature repository's definitions, each declared once, as a constant of the enum of
 * the mapping that holds it. The YAML reader accepts exactly these keys and reports any other; the
 * registry's codec stores each under the same word, except {@link ViewKeys#SCHEMA}; the "Keys"
 * table of {@code examples/feature_repo/README.md} lists them, as a test checks.
 *
 * <p>A key's YAML name is its constant's name in lower case ({@code JOIN_KEYS} is {@code
 * join_keys}). The constants are in the order the reader lists them when it reports an unknown key
 * ({@code expected one of name, join_keys, description}); the codec names its own order where the
 * stored document's differs.
 *
 * <p>They are declared here, beside the definitions they name, because the reader ({@code
 * store.repo}) and the codec ({@code store.registry}) both depend on this package and on nothing of
 * each other: declared in the reader's package, they would make the registry depend on the YAML
 * reader. They are public for those two packages only, and are no API for other modules.
 */
@Internal
public final class DefinitionKeys {

  private DefinitionKeys() {}

  /** A key of a definition's mapping. */
  public interface Key {

    /** The constant's name, as every enum has it. */
    String name();

    /** The key in a repository's YAML: the constant's name in lower case. */
    default String yaml() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The key in the registry's stored document: the YAML key unless said otherwise. */
    default String stored() {
      return yaml();
    }
  }

  /** The YAML names of {@code keys}, in their order. */
  public static List<String> yaml(List<? extends Key> keys) {
    return keys.stream().map(Key::yaml).toList();
  }

  /** A repository file's keys, its lists of definitions; the stored document has them too. */
  public enum RepositoryKeys implements Key {
    ENTITIES,
    SOURCES,
    FEATURE_VIEWS,
    FEATURE_SERVICES,
    MODEL_MONITORS
  }

  /** An entity's keys ({@code entities[]}). */
  public enum EntityKeys implements Key {
    NAME,
    JOIN_KEYS,
    DESCRIPTION
  }

  /** A typed field's keys: an entity's join key, a view's feature, a monitor's watched feature. */
  public enum FieldKeys implements Key {
    NAME,
    TYPE,
    DESCRIPTION,
    TAGS
  }

  /** A data source's keys ({@code sources[]}): those of every kind, then each kind's own. */
  public enum SourceKeys implements Key {
    NAME,
    KIND,
    TIMESTAMP_FIELD,
    CREATED_TIMESTAMP_FIELD,
    DESCRIPTION,
    TAGS,
    TOPIC(DataSource.Kind.KAFKA),
    BOOTSTRAP_SERVERS(DataSource.Kind.KAFKA),
    BATCH_SOURCE(DataSource.Kind.KAFKA, DataSource.Kind.PUSH),
    PATH(DataSource.Kind.FILE),
    FORMAT(DataSource.Kind.FILE),
    TIMESTAMP_FORMAT(DataSource.Kind.FILE),
    DELIMITER(DataSource.Kind.FILE);

    /** The kinds of source that have this key of their own; empty for a key every kind has. */
    private final Set<DataSource.Kind> kinds;

    SourceKeys(DataSource.Kind... kinds) {
      this.kinds = Set.of(kinds);
    }

    /** The keys of a source of {@code kind}: those of every kind, then its own. */
    public static List<SourceKeys> of(DataSource.Kind kind) {
      return Stream.concat(ofEveryKind(), own(kind)).toList();
    }

    /**
     * The keys of a source whose kind is unknown: those of every kind, then each kind's own in
     * turn, each key once ({@code batch_source} is kafka's and push's).
     */
    public static List<SourceKeys> ofAnyKind() {
      return Stream.concat(
              ofEveryKind(), Arrays.stream(DataSource.Kind.values()).flatMap(SourceKeys::own))
          .distinct()
          .toList();
    }

    private static Stream<SourceKeys> ofEveryKind() {
      return Arrays.stream(values()).filter(k -> k.kinds.isEmpty());
    }

    private static Stream<SourceKeys> own(DataSource.Kind kind) {
      return Arrays.stream(values()).filter(k -> k.kinds.contains(kind));
    }
  }

  /** A feature view's keys ({@code feature_views[]}). */
  public enum ViewKeys implements Key {
    NAME,
    ENTITIES,
    SOURCE,
    /**
     * The view's features: {@code schema} in YAML, as Feast names them, and {@code features} in the
     * stored document (every format version), as services and monitors name theirs.
     */
    SCHEMA("features"),
    TTL,
    ONLINE,
    OFFLINE,
    OWNER,
    DESCRIPTION,
    TAGS,
    STREAM;

    private final String stored;

    ViewKeys() {
      this(null);
    }

    ViewKeys(String stored) {
      this.stored = stored;
    }

    @Override
    public String stored() {
      return stored != null ? stored : yaml();
    }
  }

  /** A stream feature view's {@code stream} keys. */
  public enum StreamKeys implements Key {
    MAX_OUT_OF_ORDERNESS,
    WINDOW,
    SLIDE,
    AGGREGATIONS
  }

  /** An aggregation's keys ({@code stream.aggregations[]}). */
  public enum AggregateKeys implements Key {
    FEATURE,
    FUNCTION,
    FIELD
  }

  /** A feature service's keys ({@code feature_services[]}). */
  public enum ServiceKeys implements Key {
    NAME,
    FEATURES,
    DESCRIPTION,
    TAGS
  }

  /** A model monitor's keys ({@code model_monitors[]}). */
  public enum MonitorKeys implements Key {
    NAME,
    MODEL,
    VERSION,
    ALIAS,
    SOURCE,
    FEATURES,
    FEATURE_SERVICE,
    PREDICTION,
    LABELS,
    WINDOW,
    DRIFT,
    SEGMENTS,
    BASELINE,
    WRITE_BACK,
    DESCRIPTION,
    TAGS
  }

  /** A monitor's {@code prediction} keys. */
  public enum PredictionKeys implements Key {
    KIND,
    CLASSES,
    THRESHOLD
  }

  /** A monitor's {@code labels} keys. */
  public enum LabelKeys implements Key {
    SOURCE,
    MAX_DELAY,
    DEGRADED_MARGIN
  }

  /** A monitor's {@code window} keys. */
  public enum WindowKeys implements Key {
    SIZE,
    PREDICTIONS
  }

  /**
   * A monitor's {@code drift} keys; a feature's own settings ({@code drift.features.NAME}) have
   * those of {@link #OF_A_FEATURE}.
   */
  public enum DriftKeys implements Key {
    METHOD,
    THRESHOLD,
    ALPHA,
    FALSE_ALERT_EVERY,
    MIN_SAMPLES,
    FLOOR,
    FEATURES;

    /**
     * The keys of a feature's own settings: alpha, false_alert_every and features are the
     * monitor's.
     */
    public static final List<DriftKeys> OF_A_FEATURE =
        List.of(METHOD, THRESHOLD, MIN_SAMPLES, FLOOR);
  }

  /** A segment's keys ({@code segments[]}). */
  public enum SegmentKeys implements Key {
    FEATURE,
    VALUES
  }

  /** A monitor's {@code write_back} keys. */
  public enum WriteBackKeys implements Key {
    ON_CHANGE,
    INTERVAL
  }
}
