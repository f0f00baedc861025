/**
 * Parquet without Hadoop: the page codecs ({@link
 * dev.featurewatch.store.offline.parquet.ParquetCodecs}) and the typed column reading and writing
 * the offline store and file sources share.
 */
package dev.featurewatch.store.offline.parquet;
