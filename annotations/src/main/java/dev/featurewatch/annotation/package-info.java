/**
 * Annotations that state the stability of featurewatch's public code ({@link
 * dev.featurewatch.annotation.Internal}).
 */
package dev.featurewatch.annotation;
