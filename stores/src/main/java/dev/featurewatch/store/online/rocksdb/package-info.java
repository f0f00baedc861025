/**
 * The embedded online store on RocksDB (Flink's {@code frocksdbjni}, the one RocksDB of the JVM;
 * see stores/README.md): one column family per feature view in one local directory.
 */
package dev.featurewatch.store.online.rocksdb;
