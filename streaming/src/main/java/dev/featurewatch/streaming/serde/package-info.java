/**
 * The base of the jobs' compact serializers: records written field by field with a version, no
 * Kryo, no Java serialization.
 */
package dev.featurewatch.streaming.serde;
