package dev.featurewatch.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of offline format version 1, as committed under {@code golden/offline/format-v1}, still
 * read back to the rows they were written from ({@link OfflineFixtures#rows} 0 to 29, over two
 * dates).
 */
class OfflineFormatGoldenTest {

  @Test
  void formatVersionOneFilesStillLoad() throws URISyntaxException {
    Path root = Path.of(getClass().getResource("/golden/offline/format-v1").toURI());
    try (OfflineStore store = new OfflineStore(root)) {
      List<dev.featurewatch.store.row.FeatureRow> read = new ArrayList<>();
      store.scan(OfflineFixtures.ALL_TYPES, null, null, read::add);

      assertThat(read).containsExactlyElementsOf(OfflineFixtures.rows(30));
    }
  }

  /**
   * Writes the golden files of a new format version (change the directory first): run by hand from
   * {@code stores/} with the test classpath, never by the build.
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of("src/test/resources/golden/offline/format-v1");
    Files.createDirectories(root);
    try (OfflineStore store = new OfflineStore(root)) {
      store.append(OfflineFixtures.ALL_TYPES, OfflineFixtures.rows(30));
    }
  }
}
