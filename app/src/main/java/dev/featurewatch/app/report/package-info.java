/**
 * {@code featurewatch report}: a monitor's history from the monitoring job's results, as one
 * self-contained page; {@link dev.featurewatch.app.report.MonitorHistory} reads the results for it
 * and for the console.
 */
package dev.featurewatch.app.report;
