/**
 * The registry: numbered versions of a feature repository, the diff between them, and the backends
 * that store them atomically ({@link dev.featurewatch.store.registry.FileRegistry} for one machine,
 * {@link dev.featurewatch.store.registry.RedisRegistry} shared by many servers).
 */
package dev.featurewatch.store.registry;
