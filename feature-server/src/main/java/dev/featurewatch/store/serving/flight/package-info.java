/**
 * Feast's remote offline store over Arrow Flight: what {@code feast serve_offline} answers to
 * Feast's SDK, for {@code get_historical_features} with an entity DataFrame, run by featurewatch's
 * point-in-time join.
 *
 * <p>The protocol, from Feast 0.67's {@code infra/offline_stores/remote.py} (the client) and {@code
 * offline_server.py} (Feast's own server):
 *
 * <ul>
 *   <li>Read APIs are one {@code DoExchange} call: the descriptor's command is a JSON object
 *       ({@code {"command_id": ..., "api": "get_historical_features", "feature_view_names": [...],
 *       "feature_refs": ["view:feature", ...], "project": ..., "full_feature_names": false,
 *       "name_aliases": [null, ...]}}), the client streams the entity DataFrame as Arrow record
 *       batches and half-closes, the server streams the training set back.
 *   <li>Write APIs ({@code offline_write_batch}, {@code write_logged_features}, {@code persist},
 *       {@code validate_data_source}) are a {@code DoPut} with such a command; they are refused
 *       here with {@code UNIMPLEMENTED} naming the api, as are the other read APIs ({@code
 *       pull_latest_from_table_or_query}, ...).
 *   <li>Feature services are resolved by the SDK from its own registry: the server receives the
 *       feature references, never the service's name.
 * </ul>
 *
 * <p>The entry point is {@link dev.featurewatch.store.serving.flight.OfflineServer}.
 */
package dev.featurewatch.store.serving.flight;
