/**
 * The feature pipeline benchmark ({@link dev.featurewatch.benchmarks.pipeline.PipelineBenchmark}):
 * a plain main, since it times a running Flink job against a Kafka broker and Redis, not a method.
 */
package dev.featurewatch.benchmarks.pipeline;
