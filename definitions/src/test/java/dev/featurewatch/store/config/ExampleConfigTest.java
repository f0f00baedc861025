package dev.featurewatch.store.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.repo.RepositoryReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shipped example's settings file: valid, the defaults, and not read as definitions. */
class ExampleConfigTest {

  private static final Path EXAMPLE =
      Paths.get("").toAbsolutePath().getParent().resolve("examples/feature_repo");

  @Test
  void theExampleSpellsOutTheDefaults() {
    RepositoryConfig example = RepositoryConfig.read(EXAMPLE, name -> null);

    assertThat(example.registry()).endsWith("examples/feature_repo/.featurewatch/registry");
    assertThat(example.onlineStore()).endsWith("examples/feature_repo/.featurewatch/online");
    assertThat(example.serving())
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
    assertThat(example.streaming().kafka()).isEmpty();
    assertThat(example.streaming().deadLetters())
        .endsWith("examples/feature_repo/.featurewatch/dead-letters");
    assertThat(example.streaming().checkpointInterval()).hasSeconds(10);
    assertThat(RepositoryReader.read(EXAMPLE).featureViews()).isNotEmpty();
  }
}
