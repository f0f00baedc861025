package dev.featurewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedFilesTest {

  @TempDir Path dir;

  @Test
  void theJarCarriesEveryRuleFileAsItIsInTheRepository() throws IOException {
    List<String> inRepository;
    try (Stream<Path> files = Files.list(Path.of("prometheus/rules"))) {
      inRepository = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(ShippedFiles.RULES).isEqualTo(inRepository);

    for (Path copy : ShippedFiles.copyRules(dir)) {
      assertThat(copy)
          .hasSameTextualContentAs(Path.of("prometheus/rules").resolve(copy.getFileName()));
    }
  }

  @Test
  void theAlertmanagerConfigurationChangesOnlyInTheReceiversAddress() throws IOException {
    Path written =
        ShippedFiles.writeAlertmanagerConfig(dir.resolve("am.yml"), "http://127.0.0.1:4242");

    String shipped = Files.readString(Path.of("alertmanager/alertmanager.yml"));
    assertThat(shipped).contains(ShippedFiles.RECEIVER_URL);
    assertThat(Files.readString(written))
        .isEqualTo(shipped.replace(ShippedFiles.RECEIVER_URL, "http://127.0.0.1:4242"));
  }
}
