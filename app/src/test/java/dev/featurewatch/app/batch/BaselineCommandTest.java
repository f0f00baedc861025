package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.NumericProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

  @TempDir Path dir;

  @Test
  void profilesEveryColumnWithTheGivenBinsAndDeclaredCategories() throws IOException {
    Path input =
        Files.writeString(
            dir.resolve("train.csv"), "zip,amount\n01234,1\n75001,2\n01234,3\n,4\n75001,n/a\n");
    Path out = dir.resolve("baseline.json");

    Cli cli =
        Cli.run(
            "baseline",
            "--input",
            input.toString(),
            "--out",
            out.toString(),
            "--categorical",
            "zip",
            "--bins",
            "2");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err())
        .contains(input + ":6: column 'amount': 'n/a' is not a number (1 invalid value");
    Baseline baseline = BaselineFile.read(out);
    assertThat(baseline.rowCount()).isEqualTo(5);
    CategoricalProfile zip = (CategoricalProfile) baseline.feature("zip").orElseThrow();
    assertThat(zip.categories()).containsEntry("01234", 2L).containsEntry("75001", 2L);
    assertThat(zip.missing().nulls()).isEqualTo(1);
    NumericProfile amount = (NumericProfile) baseline.feature("amount").orElseThrow();
    assertThat(amount.type()).isEqualTo(FeatureType.NUMERIC);
    assertThat(amount.count()).isEqualTo(4);
    // numpy.quantile([1, 2, 3, 4], [0, 0.5, 1]) = [1, 2.5, 4]
    assertThat(amount.binEdges().orElseThrow().edges()).containsExactly(1, 2.5, 4);
    assertThat(amount.binCounts()).containsExactly(0, 2, 2, 0);
  }

  @Test
  void thePredictionColumnIsProfiledAsThePredictionsNotAsAFeature() throws IOException {
    Path input =
        Files.writeString(dir.resolve("train.csv"), "amount,score\n1,0.1\n2,0.9\n3,0.4\n4,0.8\n");
    Path out = dir.resolve("baseline.json");

    Cli cli =
        Cli.run(
            "baseline",
            "--input",
            input.toString(),
            "--out",
            out.toString(),
            "--prediction",
            "score");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("1 features (1 numeric, 0 categorical) and the predictions of 'score'");
    Baseline baseline = BaselineFile.read(out);
    assertThat(baseline.features().keySet()).containsExactly("amount");
    NumericProfile score = (NumericProfile) baseline.prediction().orElseThrow();
    assertThat(score.name()).isEqualTo("score");
    assertThat(score.count()).isEqualTo(4);
    assertThat(score.mean()).isEqualTo(0.55, org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void anUnknownPredictionColumnIsNamedWithTheColumnsThereAre() throws IOException {
    Path input = Files.writeString(dir.resolve("train.csv"), "a,b\n1,2\n");

    Cli cli =
        Cli.run(
            "baseline",
            "--input",
            input.toString(),
            "--out",
            dir.resolve("b.json").toString(),
            "--prediction",
            "score");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains(input + ": --prediction: no column 'score', found [a, b]");
  }

  @Test
  void rejectsBinsOutOfRange() throws IOException {
    Path input = Files.writeString(dir.resolve("train.csv"), "a\n1\n");

    Cli cli =
        Cli.run(
            "baseline",
            "--input",
            input.toString(),
            "--out",
            dir.resolve("b.json").toString(),
            "--bins",
            "0");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("--bins must be between 1 and 1000: 0");
  }

  @Test
  void aBaselineThatIsNotABaselineIsRejectedByDriftWithThePath() throws IOException {
    Path notABaseline =
        Files.writeString(dir.resolve("b.json"), "{\"format\": \"something-else\"}");
    Path current = Files.writeString(dir.resolve("cur.csv"), "a\n1\n");

    Cli cli =
        Cli.run("drift", "--baseline", notABaseline.toString(), "--current", current.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains(notABaseline.toString()).contains("format");
  }
}
