package dev.featurewatch.streaming.source;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.DataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where the events of a data source come from: Kafka, a replay file, or a test's list. */
@FunctionalInterface
@Internal
public interface EventSource {
  /**
   * The raw JSON events of {@code source}, one string per event, with {@code watermarks} applied in
   * the source itself (per Kafka partition or file split: {@code env.fromSource(source, watermarks,
   * name)}), so that a partition read ahead of another makes none of its events late.
   */
  DataStream<String> events(
      StreamExecutionEnvironment env, DataSource source, WatermarkStrategy<String> watermarks);
}
