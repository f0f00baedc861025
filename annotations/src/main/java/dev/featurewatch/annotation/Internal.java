package dev.featurewatch.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public only because another featurewatch module uses it: not API. It may change or go in any
 * release without notice; code outside featurewatch should not use it. Java has no visibility
 * between package-private and public across modules, so this marks the difference (as Flink's
 * {@code @Internal} does).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Internal {}
