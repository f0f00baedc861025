/**
 * The feature store: definitions and their registry, online stores (RocksDB, Redis), the Arrow
 * offline store, point-in-time joins, materialization, the HTTP feature server and the Flink
 * feature pipeline. Filled by the feature-store issues; see this module's README.
 */
package dev.featurewatch.store;
