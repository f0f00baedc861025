/**
 * Prediction and label events as the monitoring job reads them (DESIGN.md's JSON contract), with
 * the reason an unusable one goes to the dead letters.
 */
package dev.featurewatch.monitoring.event;
