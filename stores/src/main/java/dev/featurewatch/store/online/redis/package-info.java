/**
 * The shared online store on Redis or Redis Cluster through Lettuce: one string value per (view,
 * entity key), written by an atomic Lua compare-and-set on event time, read with one {@code MGET}.
 */
package dev.featurewatch.store.online.redis;
