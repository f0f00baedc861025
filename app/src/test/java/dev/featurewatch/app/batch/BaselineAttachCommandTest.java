package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code featurewatch baseline attach} with the embedded default, a model registry directory. */
class BaselineAttachCommandTest {

  @TempDir Path repo;
  private Path baseline;
  private LocalModelRegistry registry;

  @BeforeEach
  void profileAndRegister() throws IOException {
    Path train = Files.writeString(repo.resolve("train.csv"), "amount,country\n1,PT\n2,ES\n3,PT\n");
    baseline = repo.resolve("baseline.json");
    Cli profiled = Cli.run("baseline", "--input", train.toString(), "--out", baseline.toString());
    assertThat(profiled.exitCode()).as(profiled.err()).isZero();
    registry = new LocalModelRegistry(repo.resolve(".featurewatch/models"));
    registry.createVersion("fraud");
  }

  @Test
  void theBaselineIsStoredWithTheVersionOfTheRepositorysModelRegistry() throws IOException {
    Cli cli = attach("--version", "1", "--file", baseline.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    byte[] bytes = Files.readAllBytes(baseline);
    assertThat(registry.baseline("fraud", "1")).isEqualTo(bytes);
    assertThat(registry.version("fraud", "1").tags())
        .containsEntry(ModelRegistry.BASELINE_TAG, ModelRegistry.baselineDigest(bytes));
    assertThat(cli.out())
        .contains("attached " + baseline + " (2 features, sha256:", "fraud version 1");
  }

  @Test
  void aFileThatIsNotABaselineIsRefusedAndNothingIsStored() throws IOException {
    Path notBaseline = Files.writeString(repo.resolve("notes.json"), "{\"hello\": 1}");

    Cli cli = attach("--version", "1", "--file", notBaseline.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).startsWith("featurewatch: " + notBaseline);
    assertThat(registry.version("fraud", "1").tags()).isEmpty();
  }

  @Test
  void anUnknownVersionIsABadRequestThatNamesIt() {
    Cli cli = attach("--version", "7", "--file", baseline.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("model 'fraud' has no version 7");
  }

  @Test
  void profilingStillNeedsItsInputAndOutput() {
    Cli cli = Cli.run("baseline", "--out", baseline.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("baseline needs --input FILE and --out FILE");
  }

  private Cli attach(String... options) {
    String[] args = new String[options.length + 6];
    args[0] = "baseline";
    args[1] = "attach";
    args[2] = "--model";
    args[3] = "fraud";
    args[4] = "--repo";
    args[5] = repo.toString();
    System.arraycopy(options, 0, args, 6, options.length);
    return Cli.run(args);
  }
}
