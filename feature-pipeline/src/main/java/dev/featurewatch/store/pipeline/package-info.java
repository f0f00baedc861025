/**
 * The streaming feature pipeline: what turns events into feature rows for the online and offline
 * stores. {@code pipeline.aggregate} holds the windowed aggregations, as pure functions over panes
 * that the Flink operators keep in state.
 */
package dev.featurewatch.store.pipeline;
