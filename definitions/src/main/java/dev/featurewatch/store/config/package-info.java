/**
 * A feature repository's settings, {@code featurewatch.yaml} at its root: where its registry and
 * stores are and how it is served, so that every command and server of the repository agrees
 * without repeating options. Entry point: {@link
 * dev.featurewatch.store.config.RepositoryConfig#read(java.nio.file.Path)}.
 */
package dev.featurewatch.store.config;
