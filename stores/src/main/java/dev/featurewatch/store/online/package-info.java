/**
 * The online store: the latest feature row per (feature view, entity key), written idempotently in
 * event-time order and read in batches for serving. {@link
 * dev.featurewatch.store.online.OnlineStore} is the contract, {@link
 * dev.featurewatch.store.online.RowCodec} the one byte layout both implementations store ({@code
 * online.rocksdb} embedded, {@code online.redis} shared).
 */
package dev.featurewatch.store.online;
