/**
 * The offline store: append-only Parquet files per feature view (Arrow IPC files of earlier
 * versions still read), partitioned by event date, and the point-in-time joins that build training
 * sets from them ({@code offline.join}).
 *
 * <p>{@link dev.featurewatch.store.offline.OfflineStore} writes and reads the files; {@code
 * offline.arrow.OfflineFormat} is the column layout (versioned in each file's schema metadata);
 * {@code offline.join.PointInTimeJoin} is the sort-merge join. See their Javadoc for the layout and
 * the memory bound of the join.
 */
package dev.featurewatch.store.offline;
