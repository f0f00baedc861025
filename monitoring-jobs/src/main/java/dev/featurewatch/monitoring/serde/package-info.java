/** The monitoring job's records' serializers and type information: compact, versioned, no Kryo. */
package dev.featurewatch.monitoring.serde;
