/**
 * Comparing data sets feature by feature ({@link dev.featurewatch.drift.report.DriftAnalyzer}): the
 * method chosen per feature, calibrated verdicts, the false-discovery control over a report's
 * features; baselines from samples.
 */
package dev.featurewatch.drift.report;
