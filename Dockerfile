# The featurewatch image: the command, its dependencies and the Flink job jar on a Java 17 JRE.
# docker-compose.yml builds it; `docker build -t featurewatch .` does too.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl app -am package

FROM eclipse-temurin:17-jre
# curl and jq for deploy/setup.sh (Flink's REST API, the feature server's write API)
RUN apt-get update \
  && apt-get install -y --no-install-recommends curl jq \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app/target/featurewatch-app.jar /src/app/target/featurewatch-jobs.jar \
  /src/app/target/jvm.options /opt/featurewatch/
COPY --from=build /src/app/target/lib /opt/featurewatch/lib
COPY deploy/featurewatch.sh /usr/local/bin/featurewatch
ENTRYPOINT ["featurewatch"]
