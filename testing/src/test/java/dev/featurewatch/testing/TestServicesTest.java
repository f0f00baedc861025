package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.testing.TestServices.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestServicesTest {

  @TempDir Path repo;
  private Path module;

  @BeforeEach
  void aRepositoryWithAModule() throws IOException {
    Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\n");
    module = Files.createDirectories(repo.resolve("testing"));
  }

  @Test
  void theEnvironmentVariableWinsOverTheEnvFile() throws IOException {
    writeEnvFile("FEATUREWATCH_REDIS_URL=redis://127.0.0.1:1111\n");
    var services =
        new TestServices(Map.of("FEATUREWATCH_REDIS_URL", "redis://127.0.0.1:2222"), module);

    assertThat(services.uri(Service.REDIS)).isEqualTo(URI.create("redis://127.0.0.1:2222"));
  }

  @Test
  void theEnvFileIsFoundInTheRepositoryRootAboveTheWorkingDirectory() throws IOException {
    writeEnvFile(
        "# written by scripts/test-services.sh\n\n"
            + "FEATUREWATCH_PROMETHEUS_URL=http://127.0.0.1:9090\n"
            + "FEATUREWATCH_MLFLOW_URL = http://127.0.0.1:5000 \n");
    var services = new TestServices(Map.of(), module.resolve("src"));

    assertThat(services.uri(Service.PROMETHEUS)).isEqualTo(URI.create("http://127.0.0.1:9090"));
    assertThat(services.uri(Service.MLFLOW)).isEqualTo(URI.create("http://127.0.0.1:5000"));
  }

  @Test
  void aMissingEntryFailsWithHowToStartTheServices() throws IOException {
    writeEnvFile("FEATUREWATCH_PROMETHEUS_URL=http://127.0.0.1:9090\n");
    var services = new TestServices(Map.of(), module);

    assertThatThrownBy(() -> services.uri(Service.REDIS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Redis is not running for the tests: FEATUREWATCH_REDIS_URL is not set and"
                + " build/services/services.env has no such entry. Start the test services with"
                + " scripts/test-services.sh start, or run the whole suite with"
                + " scripts/test-all.sh");
  }

  @Test
  void aMissingEnvFileIsNamedInTheFailure() {
    var services = new TestServices(Map.of("FEATUREWATCH_REDIS_URL", " "), module);

    assertThatThrownBy(() -> services.uri(Service.MLFLOW))
        .hasMessageStartingWith(
            "The MLflow tracking server is not running for the tests: FEATUREWATCH_MLFLOW_URL is"
                + " not set and build/services/services.env has no such entry (")
        .hasMessageContaining(repo.resolve("build/services/services.env") + " does not exist")
        .hasMessageEndingWith(
            "scripts/test-services.sh start, or run the whole suite with" + " scripts/test-all.sh");
  }

  @Test
  void anAddressWithoutAPortIsRejectedWithTheValueFound() {
    var services =
        new TestServices(Map.of("FEATUREWATCH_ALERTMANAGER_URL", "localhost:9093"), module);

    assertThatThrownBy(() -> services.uri(Service.ALERTMANAGER))
        .hasMessage(
            "FEATUREWATCH_ALERTMANAGER_URL must be a URL like scheme://127.0.0.1:PORT,"
                + " found 'localhost:9093'");
  }

  @Test
  void aToolMustBeAnExecutableFile() throws IOException {
    Path script = Files.writeString(repo.resolve("promtool"), "#!/bin/sh\n");
    Path missing = repo.resolve("no-such-amtool");
    var services =
        new TestServices(
            Map.of(
                "FEATUREWATCH_PROMTOOL",
                script.toString(),
                "FEATUREWATCH_AMTOOL",
                missing.toString()),
            module);
    assertThat(script.toFile().setExecutable(true)).isTrue();

    assertThat(services.executable(Service.PROMTOOL)).isEqualTo(script);
    assertThatThrownBy(() -> services.executable(Service.AMTOOL))
        .hasMessageStartingWith(
            "FEATUREWATCH_AMTOOL must name an executable file, found '" + missing + "'");
  }

  private void writeEnvFile(String content) throws IOException {
    Path file = repo.resolve(TestServices.ENV_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
