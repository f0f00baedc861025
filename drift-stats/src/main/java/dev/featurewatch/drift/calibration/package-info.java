/**
 * Calibrated drift decisions: thresholds that hold a false-alarm probability α at every window
 * size. {@link dev.featurewatch.drift.calibration.NullModel} estimates a method's null distribution
 * (the scores of windows drawn from the reference itself) by simulation through the same code that
 * scores a live window, once per size bucket, cached; {@link
 * dev.featurewatch.drift.calibration.FalseDiscovery} controls the false-discovery rate over a
 * window's features; {@link dev.featurewatch.drift.calibration.Calibration} holds a monitor's
 * settings (α, minimum samples, effect-size floor) and derives α from a tolerated false-alert
 * interval.
 */
package dev.featurewatch.drift.calibration;
