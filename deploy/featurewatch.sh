#!/bin/sh
# The featurewatch command in its image: the app jar with its dependencies and the JVM flags that
# Flink and Arrow need on Java 17.
# shellcheck disable=SC2046,SC2086
exec java ${FEATUREWATCH_JAVA_OPTS:-} $(cat /opt/featurewatch/jvm.options) \
  -cp "/opt/featurewatch/featurewatch-app.jar:/opt/featurewatch/lib/*" dev.featurewatch.app.Main "$@"
