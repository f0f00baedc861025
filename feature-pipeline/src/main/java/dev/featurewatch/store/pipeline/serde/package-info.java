/**
 * How the pipeline's records travel between Flink operators and sit in state: {@link
 * dev.featurewatch.store.pipeline.serde.Types} gives each its own serializer.
 */
package dev.featurewatch.store.pipeline.serde;
