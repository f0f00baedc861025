/**
 * The stateful heart of the pipeline, per stream feature view: {@link
 * dev.featurewatch.store.pipeline.window.WindowedAggregation} turns a key's events into one row per
 * window, {@link dev.featurewatch.store.pipeline.window.Projection} passes the latest field values
 * through.
 */
package dev.featurewatch.store.pipeline.window;
