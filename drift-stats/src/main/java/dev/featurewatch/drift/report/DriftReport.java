package dev.featurewatch.drift.report;

import dev.featurewatch.drift.method.DatasetDrift;
import java.util.List;

/**
 * The result of comparing a dataset with its reference: one entry per feature, in column order, and
 * the dataset verdict.
 */
public record DriftReport(List<FeatureDrift> features, DatasetDrift dataset) {

  public DriftReport {
    features = List.copyOf(features);
  }
}
