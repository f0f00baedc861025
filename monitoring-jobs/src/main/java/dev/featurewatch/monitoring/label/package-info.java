/**
 * Labels joined to their predictions: the join's records and a window's realized performance
 * ({@link dev.featurewatch.monitoring.label.PerformanceWindow}).
 */
package dev.featurewatch.monitoring.label;
