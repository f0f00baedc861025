/**
 * Windowed aggregations of stream feature views: {@link
 * dev.featurewatch.store.definition.Aggregation} names them, {@link
 * dev.featurewatch.store.pipeline.aggregate.PaneAggregate} computes them over one pane of a window
 * and merges panes, so that a 1 h window sliding every 5 minutes is 12 merged 5-minute panes rather
 * than 12 copies of each event.
 */
package dev.featurewatch.store.pipeline.aggregate;
