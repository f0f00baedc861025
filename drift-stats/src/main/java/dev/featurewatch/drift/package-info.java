/**
 * Pure statistics for drift detection: feature profiles, baseline files, drift methods, performance
 * metrics and change detectors. No Flink, no logging, no I/O beyond the baseline file format.
 */
package dev.featurewatch.drift;
