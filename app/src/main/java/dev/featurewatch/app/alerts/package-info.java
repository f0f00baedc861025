/** {@code featurewatch alerts}: Alertmanager's webhook receiver, writing alert state to models. */
package dev.featurewatch.app.alerts;
