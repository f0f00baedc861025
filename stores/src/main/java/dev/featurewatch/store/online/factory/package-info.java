/**
 * Opening an online store by its location: a directory (RocksDB, one per JVM) or {@code redis://}
 * ({@link dev.featurewatch.store.online.factory.OnlineStores}).
 */
package dev.featurewatch.store.online.factory;
