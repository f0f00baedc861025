package dev.featurewatch.store.offline.file;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a view reads from one kind of file, and where each column comes from: the view's join keys
 * and features under their own names, the event time from {@link #timestampColumn}, the created
 * time from {@link #createdColumn} (none: every row gets the same, so ties fall to file order).
 *
 * @param view the feature view, for messages
 * @param source the data source, for messages
 * @param joinKeys the view's join keys, int64 or string, sorted by name
 * @param timestampColumn the column holding the event time
 * @param createdColumn the column holding the created time, empty for none
 * @param timestampFormat how untyped timestamp columns are written
 * @param features the features to read
 * @param missingFeaturesAreNull true for the offline store's own files, which may predate a
 *     feature; false for file sources, where a missing column is an error
 */
@Internal
public record SourceLayout(
    String view,
    String source,
    List<Field> joinKeys,
    String timestampColumn,
    String createdColumn,
    DataSource.TimestampFormat timestampFormat,
    List<Field> features,
    boolean missingFeaturesAreNull) {

  public SourceLayout {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(source, "source");
    joinKeys = joinKeys.stream().sorted(Comparator.comparing(Field::name)).toList();
    Objects.requireNonNull(timestampColumn, "timestampColumn");
    createdColumn = createdColumn == null ? "" : createdColumn;
    Objects.requireNonNull(timestampFormat, "timestampFormat");
    features = List.copyOf(features);
  }

  /** The layout of the offline store's own files: the offline format's column names. */
  public static SourceLayout offlineStore(String view, List<Field> joinKeys, List<Field> features) {
    return new SourceLayout(
        view,
        "the offline store",
        joinKeys,
        OfflineFormat.EVENT_TIMESTAMP,
        OfflineFormat.CREATED_TIMESTAMP,
        DataSource.TimestampFormat.ISO8601,
        features,
        true);
  }

  /** The Arrow schema of the batches read: join keys, event and created times, features. */
  public Schema schema() {
    List<org.apache.arrow.vector.types.pojo.Field> columns = new ArrayList<>();
    for (Field key : joinKeys) {
      columns.add(OfflineFormat.arrowField(key.name(), key.type(), false));
    }
    columns.add(
        OfflineFormat.arrowField(OfflineFormat.EVENT_TIMESTAMP, ValueType.TIMESTAMP, false));
    columns.add(
        OfflineFormat.arrowField(OfflineFormat.CREATED_TIMESTAMP, ValueType.TIMESTAMP, false));
    for (Field feature : features) {
      columns.add(OfflineFormat.arrowField(feature.name(), feature.type(), true));
    }
    return new Schema(columns, Map.of(OfflineFormat.VERSION_KEY, OfflineFormat.VERSION));
  }

  /** What a column is, for messages: "join key 'driver_id' of feature view 'driver_stats'". */
  String role(String column) {
    String of = " of feature view '" + view + "'";
    for (Field key : joinKeys) {
      if (key.name().equals(column)) {
        return "join key '" + column + "'" + of;
      }
    }
    if (column.equals(timestampColumn)) {
      return "timestamp field '" + column + "' of source '" + source + "'";
    }
    if (column.equals(createdColumn)) {
      return "created timestamp field '" + column + "' of source '" + source + "'";
    }
    return "feature '" + column + "'" + of;
  }
}
