/**
 * Event time: read from a JSON field, watermarks in steps that divide the windows, and the
 * watermark kept in operator state across restores.
 */
package dev.featurewatch.streaming.time;
