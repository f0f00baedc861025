/**
 * Where the pipeline writes: the online store (batched, retried, idempotent), the offline store
 * (two-phase, exactly once) and the dead letters.
 */
package dev.featurewatch.store.pipeline.sink;
