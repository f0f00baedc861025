/**
 * Materialization: copies the latest offline row of each entity into the online store, for an
 * interval ({@link dev.featurewatch.store.materialize.Materializer#materialize}) or from where the
 * last run ended ({@link dev.featurewatch.store.materialize.Materializer#materializeIncremental}),
 * resumable after a crash through a small JSON checkpoint.
 */
package dev.featurewatch.store.materialize;
