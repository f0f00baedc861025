/**
 * Alertmanager's webhook receiver: each alert's state written to the model version it is about
 * (AlertReceiver, AlertTags).
 */
package dev.featurewatch.alerting.receiver;
