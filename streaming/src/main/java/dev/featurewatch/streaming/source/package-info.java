/**
 * Where a stream feature view's events come from: {@link
 * dev.featurewatch.streaming.source.EventSources} reads Kafka topics, or replays files of JSON
 * lines in their place.
 */
package dev.featurewatch.streaming.source;
