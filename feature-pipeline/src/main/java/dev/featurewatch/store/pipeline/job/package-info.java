/**
 * The feature pipeline's job graph: {@link dev.featurewatch.store.pipeline.job.FeatureJob} wires
 * sources, per-view reading, windows and sinks, which come in as parameters.
 */
package dev.featurewatch.store.pipeline.job;
