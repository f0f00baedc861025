package dev.featurewatch.modelregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest extends ModelRegistryContract {

  @TempDir Path root;

  @Override
  ModelRegistry registry() {
    return new LocalModelRegistry(root);
  }

  @Override
  String createVersion(String model) {
    return new LocalModelRegistry(root).createVersion(model).version();
  }

  @Override
  void setAlias(String model, String alias, String version) {
    new LocalModelRegistry(root).setAlias(model, alias, version);
  }

  @Test
  void versionsAreNumberedOnFromTheHighestAndKeptInFiles() throws Exception {
    LocalModelRegistry registry = new LocalModelRegistry(root);
    assertThat(registry.createVersion("fraud").version()).isEqualTo("1");
    assertThat(registry.createVersion("fraud").version()).isEqualTo("2");
    registry.setTag("fraud", "2", "featurewatch.status", "ok");

    // another instance, as another process would see it
    assertThat(new LocalModelRegistry(root).version("fraud", "2").tags())
        .isEqualTo(Map.of("featurewatch.status", "ok"));
    assertThat(root.resolve("fraud/2/tags.json")).exists();
    try (var files = Files.list(root.resolve("fraud/2"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no temporary file left")
          .containsExactlyInAnyOrder("tags.json", "version.json", ".lock");
    }
  }

  @Test
  void aVersionIsDatedByTheClockAndNeedsNoSource() {
    Instant now = Instant.parse("2025-05-01T10:15:30.123Z");
    LocalModelRegistry registry =
        new LocalModelRegistry(root, Clock.fixed(now.plusNanos(456_789), ZoneOffset.UTC));

    ModelVersion created = registry.createVersion("fraud", null, null, null);

    assertThat(created)
        .isEqualTo(new ModelVersion("fraud", "1", now, "", "", "", List.of(), Map.of()));
  }

  @Test
  void aVersionMadeBeforeVersionFilesExistedHasNoDetailsAndAHalfMadeOneIsNotListed()
      throws Exception {
    Files.createDirectories(root.resolve("fraud/1"));
    Files.writeString(root.resolve("fraud/1/tags.json"), "{\"featurewatch.status\": \"ok\"}");
    Files.createDirectories(root.resolve("fraud/2"));
    Files.writeString(root.resolve("fraud/2/version.json"), "{}");
    LocalModelRegistry registry = new LocalModelRegistry(root);

    assertThat(registry.versions("fraud"))
        .containsExactly(
            new ModelVersion(
                "fraud", "1", null, "", "", "", List.of(), Map.of("featurewatch.status", "ok")));
    assertThat(registry.createVersion("fraud").version())
        .as("numbered after the half-made one")
        .isEqualTo("3");
  }

  @Test
  void aVersionFileOfAnotherShapeIsUnavailableNamingTheFileAndTheKey() throws Exception {
    LocalModelRegistry registry = new LocalModelRegistry(root);
    registry.createVersion("fraud");
    Path file = root.resolve("fraud/1/version.json");

    Files.writeString(file, "{\"created\": \"yesterday\"}");
    assertThatThrownBy(() -> registry.version("fraud", "1"))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.UNAVAILABLE))
        .hasMessage(
            "cannot read "
                + file
                + ": created: must be an ISO-8601 instant like 2025-05-01T10:15:30Z, found"
                + " 'yesterday'");

    Files.writeString(file, "{\"source\": 3}");
    assertThatThrownBy(() -> registry.versions("fraud"))
        .hasMessage("cannot read " + file + ": source: must be a string, found 3");
  }

  @Test
  void anEmptyOrMissingDirectoryHasNoModels() {
    assertThat(new LocalModelRegistry(root.resolve("none")).models()).isEmpty();
    assertThat(new LocalModelRegistry(root).models()).isEmpty();
  }

  @Test
  void twoInstancesWritingTagsOfOneVersionLoseNone() throws Exception {
    new LocalModelRegistry(root).createVersion("fraud");
    // the monitoring job's write-back and the alert receiver, each with its own instance
    List<Thread> writers = new ArrayList<>();
    for (String writer : new String[] {"monitor", "alerts"}) {
      LocalModelRegistry registry = new LocalModelRegistry(root);
      writers.add(
          new Thread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  registry.setTag("fraud", "1", writer + "." + i, "v");
                }
              }));
    }
    writers.forEach(Thread::start);
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(new LocalModelRegistry(root).version("fraud", "1").tags()).hasSize(100);
  }

  @Test
  void namesThatAreNotSafeFolderNamesAreRefusedWithTheRule() {
    LocalModelRegistry registry = new LocalModelRegistry(root);
    for (String bad : new String[] {"..", "a/b", "", ".hidden", "fraud model"}) {
      assertThatThrownBy(() -> registry.createVersion(bad))
          .isInstanceOfSatisfying(
              ModelRegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.REFUSED))
          .hasMessageContaining("model name must be 1 to 255 of [A-Za-z0-9._-]")
          .hasMessageContaining("'" + bad + "'");
    }
    registry.createVersion("fraud");
    assertThatThrownBy(() -> registry.version("fraud", "../1"))
        .hasMessage("version must be a positive whole number like 3, found '../1'");
    assertThatThrownBy(() -> registry.setAlias("fraud", "a/b", "1"))
        .hasMessageContaining("alias must be");
  }
}
