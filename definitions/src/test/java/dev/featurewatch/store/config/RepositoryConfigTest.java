package dev.featurewatch.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryConfigTest {

  private static final Map<String, String> ENVIRONMENT =
      Map.of("RANKING_TOKEN", "ranking-secret-0123456789", "EMPTY", "");

  @TempDir Path repo;

  private RepositoryConfig read(String yaml) throws IOException {
    Files.writeString(repo.resolve("featurewatch.yaml"), yaml);
    return RepositoryConfig.read(repo, ENVIRONMENT::get);
  }

  private void assertRefused(String yaml, String message) throws IOException {
    Files.writeString(repo.resolve("featurewatch.yaml"), yaml);
    assertThatThrownBy(() -> RepositoryConfig.read(repo, ENVIRONMENT::get))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void withoutAFileEverythingIsEmbeddedUnderDotFeaturewatch() {
    RepositoryConfig config = RepositoryConfig.read(repo, ENVIRONMENT::get);

    Path root = repo.toAbsolutePath().normalize();
    assertThat(config.registry()).isEqualTo(root.resolve(".featurewatch/registry").toString());
    assertThat(config.registryName()).isEqualTo("default");
    assertThat(config.onlineStore()).isEqualTo(root.resolve(".featurewatch/online").toString());
    assertThat(config.offlineStore()).isEqualTo(root.resolve(".featurewatch/offline"));
    assertThat(config.serving())
        .isEqualTo(
            new RepositoryConfig.Serving(
                6566,
                null,
                1000,
                Duration.ofSeconds(10),
                null,
                ApiTokens.NONE,
                Duration.ofMillis(500),
                null));
    assertThat(config.streaming())
        .isEqualTo(
            new RepositoryConfig.Streaming(
                "", root.resolve(".featurewatch/dead-letters").toString(), Duration.ofSeconds(10)));
    assertThat(config.modelRegistry()).isEqualTo(root.resolve(".featurewatch/models").toString());
  }

  @Test
  void theModelRegistryIsADirectoryOrAnMlflowServer() throws IOException {
    assertThat(read("model_registry: http://mlflow:5000\n").modelRegistry())
        .isEqualTo("http://mlflow:5000");
    assertThat(read("model_registry: ../models\n").modelRegistry())
        .isEqualTo(repo.toAbsolutePath().getParent().resolve("models").toString());
  }

  @Test
  void everySettingIsRead() throws IOException {
    Files.writeString(repo.resolve("writer.token"), "writer-secret-0123456789\n");

    RepositoryConfig config =
        read(
            """
            registry: redis://127.0.0.1:6390/1
            registry_name: prod
            online_store: redis://127.0.0.1:6390/2
            offline_store: ../lake/offline
            serving:
              port: 8080
              offline_port: 8815
              max_entities: 50
              registry_ttl_seconds: 0
              sweep_expired: false
              deadline: 2s
              auth:
                tokens:
                  - name: ranking-service
                    token_env: RANKING_TOKEN
                    scopes: [read]
                  - name: ingest
                    token_file: writer.token
                    scopes: [read, WRITE]
            streaming:
              kafka: broker-1:9092,broker-2:9092
              dead_letters: kafka:features.dead-letters
              checkpoint_interval_seconds: 30
            """);

    assertThat(config.registry()).isEqualTo("redis://127.0.0.1:6390/1");
    assertThat(config.registryName()).isEqualTo("prod");
    assertThat(config.onlineStore()).isEqualTo("redis://127.0.0.1:6390/2");
    assertThat(config.offlineStore())
        .isEqualTo(repo.toAbsolutePath().getParent().resolve("lake/offline"));
    assertThat(config.serving().port()).isEqualTo(8080);
    assertThat(config.serving().offlinePort()).isEqualTo(8815);
    assertThat(config.serving().maxEntities()).isEqualTo(50);
    assertThat(config.serving().registryTtl()).isZero();
    assertThat(config.serving().sweepExpired()).isFalse();
    assertThat(config.serving().deadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.serving().auth())
        .hasToString("ApiTokens[Token[ranking-service, [read]], Token[ingest, [read, write]]]");
    assertThat(config.streaming())
        .isEqualTo(
            new RepositoryConfig.Streaming(
                "broker-1:9092,broker-2:9092",
                "kafka:features.dead-letters",
                Duration.ofSeconds(30)));
  }

  @Test
  void theServingDeadlineIsMillisecondsOrSecondsUpToAMinute() throws IOException {
    assertThat(read("serving:\n  deadline: 250ms\n").serving().deadline())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(read("serving:\n  deadline: 60s\n").serving().deadline())
        .isEqualTo(Duration.ofMinutes(1));
    for (String bad : List.of("0ms", "61s", "500", "1.5s", "fast", "-1s")) {
      assertRefused(
          "serving:\n  deadline: " + bad + "\n",
          "featurewatch.yaml:2: serving.deadline: must be a whole number of milliseconds or"
              + " seconds from 1ms to 60s, such as 500ms or 2s, found '"
              + bad
              + "'");
    }
  }

  @Test
  void deadLettersGoToADirectoryOrAWellNamedTopic() throws IOException {
    assertThat(read("streaming:\n  dead_letters: ../letters\n").streaming().deadLetters())
        .isEqualTo(repo.toAbsolutePath().getParent().resolve("letters").toString());
    assertRefused(
        "streaming:\n  dead_letters: 'kafka:bad topic'\n",
        "featurewatch.yaml:2: streaming.dead_letters: a Kafka topic name is 1 to 249 of"
            + " [A-Za-z0-9._-], found 'bad topic'");
    assertRefused(
        "streaming:\n  dead_letters: 'kafka:'\n",
        "featurewatch.yaml:2: streaming.dead_letters: a Kafka topic name is 1 to 249 of"
            + " [A-Za-z0-9._-], found ''");
    assertRefused(
        "streaming:\n  checkpoint_interval_seconds: 0\n",
        "featurewatch.yaml:2: streaming.checkpoint_interval_seconds: must be at least 1, found 0");
  }

  @Test
  void badFilesAreRefusedNamingLineKeyAndValue() throws IOException {
    assertRefused(
        "registry: x\nserving:\n  prot: 1\n",
        "featurewatch.yaml:3: serving.prot: unknown key; expected one of [auth, deadline,"
            + " max_entities, offline_port, port, registry_ttl_seconds, sweep_expired, tls]");
    assertRefused(
        "serving:\n  port: 70000\n",
        "featurewatch.yaml:2: serving.port: must be between 0 and 65535, found 70000");
    assertRefused(
        "serving:\n  offline_port: -1\n",
        "featurewatch.yaml:2: serving.offline_port: must be between 0 and 65535, found -1");
    assertRefused(
        "serving:\n  port: http\n",
        "featurewatch.yaml:2: serving.port: Cannot deserialize value of type `java.lang.Integer`"
            + " from String \"http\": not a valid `java.lang.Integer` value");
    assertRefused("registry: a\nregistry: b\n", "featurewatch.yaml:2: Duplicate field 'registry'");
  }

  @Test
  void tokensMustNameTheirSecretWithoutHoldingIt() throws IOException {
    String head = "serving:\n  auth:\n    tokens:\n      - name: a\n";
    assertRefused(
        head + "        token_env: MISSING\n        scopes: [read]\n",
        "featurewatch.yaml:5: serving.auth.tokens[0].token_env: environment variable MISSING is not"
            + " set or empty");
    assertRefused(
        head + "        token_env: EMPTY\n        scopes: [read]\n",
        "featurewatch.yaml:5: serving.auth.tokens[0].token_env: environment variable EMPTY is not"
            + " set or empty");
    assertRefused(
        head + "        token: ranking-secret-0123456789\n        scopes: [read]\n",
        "featurewatch.yaml:5: serving.auth.tokens[0].token: unknown key; expected one of [name,"
            + " scopes, token_env, token_file]");
    assertRefused(
        head + "        scopes: [read]\n",
        "featurewatch.yaml:4: serving.auth.tokens[0]: give exactly one of token_env (an environment"
            + " variable) and token_file (a file) holding the secret");
    assertRefused(
        head + "        token_env: RANKING_TOKEN\n        scopes: [admin]\n",
        "featurewatch.yaml:6: serving.auth.tokens[0].scopes: unknown scope 'admin': expected read or"
            + " write");
  }
}
