/**
 * The feature server: Feast's HTTP API ({@code /get-online-features}, {@code /push}, {@code
 * /write-to-online-store}) over an {@link dev.featurewatch.store.online.OnlineStore}, with {@code
 * /health}, {@code /metrics} and {@code /openapi.json}.
 *
 * <p>Requests are parsed and validated by {@link dev.featurewatch.store.serving.OnlineRequest} and
 * {@link dev.featurewatch.store.serving.WriteRequest} without HTTP, so the rules are unit-tested;
 * {@link dev.featurewatch.store.serving.FeatureServer} only maps them onto the JDK's HTTP server.
 */
package dev.featurewatch.store.serving;
