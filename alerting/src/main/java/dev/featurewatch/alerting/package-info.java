/**
 * Alerting: Prometheus recording and alert rules, Alertmanager routing, and the webhook receiver
 * that writes alert state back to the model registry. See this module's README.
 */
package dev.featurewatch.alerting;
