/**
 * Grafana dashboards as JSON with provisioning files, and the checks that keep their queries valid.
 * See this module's README.
 */
package dev.featurewatch.dashboards;
