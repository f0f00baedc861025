/**
 * One reader of JSON fields for every featurewatch module that reads JSON by hand: {@link
 * dev.featurewatch.json.JsonFields}, a cursor over one object; {@link
 * dev.featurewatch.json.JsonChecks}, the checks of single values and the paths and value
 * descriptions of messages; {@link dev.featurewatch.json.Problems}, which turns a problem into the
 * caller's own exception. Every message has one shape: {@code path: rule, found value}. Depends on
 * Jackson only; no logging, no Flink.
 */
package dev.featurewatch.json;
