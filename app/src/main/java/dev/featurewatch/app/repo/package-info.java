/**
 * The commands on a feature repository: apply, registry, serve, historical, materialize, run and
 * submit (features and monitors), and the demo; the embedded runs they start ({@link
 * dev.featurewatch.app.repo.FeatureRun}, {@link dev.featurewatch.app.repo.MonitorRun}).
 */
package dev.featurewatch.app.repo;
