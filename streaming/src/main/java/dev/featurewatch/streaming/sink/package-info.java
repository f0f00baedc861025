/** JSON-line sinks to a directory or a Kafka topic, for results and dead letters. */
package dev.featurewatch.streaming.sink;
