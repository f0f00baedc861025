/**
 * Point-in-time joins over the offline store: {@link
 * dev.featurewatch.store.offline.join.PointInTimeJoin} (sort-merge over columnar entity rows, see
 * its Javadoc for the algorithm and the memory bound), {@link
 * dev.featurewatch.store.offline.join.EntityRows} (the columnar input) and {@link
 * dev.featurewatch.store.offline.join.JoinResult} (the output, written as CSV or Arrow).
 */
package dev.featurewatch.store.offline.join;
