/** The Arrow column layout of offline-store files (internal). */
package dev.featurewatch.store.offline.arrow;
