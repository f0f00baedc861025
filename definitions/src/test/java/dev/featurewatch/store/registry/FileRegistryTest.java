package dev.featurewatch.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.FeatureRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryTest extends RegistryContract {

  @TempDir Path dir;

  @Override
  StoredRegistry registry(Clock clock) {
    return new FileRegistry(dir.resolve("registry"), clock);
  }

  @Test
  void theCurrentFileIsTheLatestNumberedFileAndNoTemporaryFileRemains() throws IOException {
    registry().apply(Fixtures.repository(), false);
    registry().apply(FeatureRepository.empty(), false);

    Path registryDir = dir.resolve("registry");
    try (Stream<Path> files = Files.list(registryDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "registry.json", "registry-v1.json", "registry-v2.json", "registry.lock");
    }
    assertThat(Files.readString(registryDir.resolve("registry.json")))
        .isEqualTo(Files.readString(registryDir.resolve("registry-v2.json")))
        .contains("\"version\": 2");
  }

  @Test
  void aCorruptFileIsReportedWithItsPath() throws IOException {
    Path registryDir = Files.createDirectories(dir.resolve("registry"));
    Files.writeString(
        registryDir.resolve("registry.json"), "{\"format\": \"featurewatch-registry\"}");

    assertThatThrownBy(() -> registry().current())
        .isInstanceOf(RegistryException.class)
        .hasMessage(registryDir.resolve("registry.json") + ": format_version: required, missing");
  }
}
