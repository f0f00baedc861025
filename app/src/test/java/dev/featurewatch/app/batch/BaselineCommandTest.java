package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.input.TypedFiles;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.NumericProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Cli baseline(Path input, Path out, String... options) {
    List<String> args =
        new ArrayList<>(List.of("baseline", "--input", input.toString(), "--out", out.toString()));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void profilesEveryColumnWithTheGivenBinsAndDeclaredCategories() throws IOException {
    Path input =
        Files.writeString(
            dir.resolve("train.csv"), "zip,amount\n01234,1\n75001,2\n01234,3\n,4\n75001,n/a\n");
    Path out = dir.resolve("baseline.json");

    Cli cli = baseline(input, out, "--categorical", "zip", "--bins", "2");

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

    Cli cli = baseline(input, out, "--prediction", "score");

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
  void withLabelsTheTrainingPerformanceIsRecorded() throws IOException {
    // positives scored 0.9 and 0.4, negatives 0.2 and 0.7: 3 of the 4 pairs ordered right, so
    // ROC AUC 0.75; at 0.5 the predictions are 1, 0, 1, 0 against 1, 0, 0, 1: accuracy 0.5
    Path input =
        Files.writeString(
            dir.resolve("train.csv"),
            "amount,score,defaulted\n1,0.9,true\n2,0.2,false\n3,0.7,false\n4,0.4,true\n5,,true\n");
    Path out = dir.resolve("baseline.json");

    Cli cli = baseline(input, out, "--prediction", "score", "--label", "defaulted");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains(
            "training performance on 4 labelled rows (1 without a prediction or a label left out)");
    Baseline baseline = BaselineFile.read(out);
    assertThat(baseline.features().keySet()).containsExactly("amount");
    assertThat(baseline.performance())
        .containsEntry(PerformanceMetric.ROC_AUC, 0.75)
        .containsEntry(PerformanceMetric.ACCURACY, 0.5);
    // isotonic by hand: sorted scores 0.2 (0), 0.4 (1), 0.7 (0), 0.9 (1); 0.4 and 0.7 violate the
    // order and pool to 0.5: the steps 0 at 0.2, 0.5 from 0.4 to 0.7, 1 at 0.9
    ProbabilityCalibration calibration = baseline.calibration().orElseThrow();
    assertThat(calibration.scores()).containsExactly(0.2, 0.4, 0.7, 0.9);
    assertThat(calibration.probabilities()).containsExactly(0.0, 0.5, 0.5, 1.0);
  }

  @Test
  void multivariateFitsTheFeaturesReconstructionModelWithTheCategoriesEncoded() throws IOException {
    StringBuilder csv = new StringBuilder("x,y,city\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      double a = random.nextGaussian();
      csv.append(a).append(',').append(i % 17 == 0 ? "" : 2 * a + random.nextGaussian() / 10);
      csv.append(',').append(i % 2 == 0 ? "Lisbon" : "Porto").append('\n');
    }
    Path input = Files.writeString(dir.resolve("train.csv"), csv);
    Path out = dir.resolve("baseline.json");

    Cli cli = baseline(input, out, "--multivariate");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    ReconstructionDrift multivariate = BaselineFile.read(out).multivariate().orElseThrow();
    assertThat(multivariate.features()).containsExactly("x", "y", "city");
    // half the rows in each city
    assertThat(multivariate.categories().get("city").shares())
        .isEqualTo(Map.of("Lisbon", 0.5, "Porto", 0.5));
    // two of three features moving together: one component explains over 65 % of the variance
    assertThat(multivariate.model().components()).isEqualTo(1);
    assertThat(multivariate.heldOut()).isEqualTo(100);

    Path single = Files.writeString(dir.resolve("one.csv"), "x\n1\n2\n3\n4\n");
    assertThat(baseline(single, dir.resolve("o.json"), "--multivariate").err())
        .contains("--multivariate needs at least 2 features, found [x]");
  }

  @Test
  void regressionLabelsGiveErrorsAndAWrongLabelIsNamedWithItsRow() throws IOException {
    Path input =
        Files.writeString(dir.resolve("train.csv"), "x,predicted,actual\n1,10,12\n2,20,16\n");
    Cli regression =
        baseline(input, dir.resolve("r.json"), "--prediction", "predicted", "--label", "actual");
    Path binary = Files.writeString(dir.resolve("b.csv"), "x,p,y\n1,0.3,1\n2,0.6,maybe\n");
    Cli wrong =
        baseline(
            binary,
            dir.resolve("b.json"),
            "--prediction",
            "p",
            "--label",
            "y",
            "--prediction-kind",
            "binary_probability");

    assertThat(regression.exitCode()).as(regression.err()).isZero();
    // errors 2 and 4: MAE 3
    assertThat(BaselineFile.read(dir.resolve("r.json")).performance())
        .containsEntry(PerformanceMetric.MAE, 3.0);
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err())
        .contains("data row 2: a binary model's label must be 0, 1, true or false, found maybe");
  }

  @Test
  void anUnknownPredictionColumnIsNamedWithTheColumnsThereAre() throws IOException {
    Path input = Files.writeString(dir.resolve("train.csv"), "a,b\n1,2\n");

    Cli cli = baseline(input, dir.resolve("b.json"), "--prediction", "score");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains(input + ": --prediction: no column 'score', found [a, b]");
  }

  @Test
  void rejectsBinsOutOfRange() throws IOException {
    Path input = Files.writeString(dir.resolve("train.csv"), "a\n1\n");

    Cli cli = baseline(input, dir.resolve("b.json"), "--bins", "0");

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

  @Test
  void aParquetInputGivesTheSameBaselineAsTheSameDataInCsv() throws IOException {
    Path csv = Path.of(Cli.example("reference.csv"));
    Path parquet = TypedFiles.parquet(csv, dir.resolve("reference.parquet"), 1000);
    Path fromCsv = dir.resolve("from-csv.json");
    Path fromParquet = dir.resolve("from-parquet.json");
    String[] options = {"--categorical", "open_accounts", "--bins", "7", "--multivariate"};

    Cli csvRun = baseline(csv, fromCsv, options);
    Cli parquetRun = baseline(parquet, fromParquet, options);

    assertThat(parquetRun.exitCode()).as(parquetRun.err()).isZero();
    assertThat(parquetRun.out())
        .isEqualTo(
            csvRun
                .out()
                .replace(csv.toString(), parquet.toString())
                .replace(fromCsv.toString(), fromParquet.toString()));
    ObjectNode expected = (ObjectNode) JSON.readTree(fromCsv.toFile());
    ObjectNode actual = (ObjectNode) JSON.readTree(fromParquet.toFile());
    // the differences: when each was made, the input's name, and the KLL sketches' bytes, whose
    // compaction coins come from DataSketches' unseeded generator (two runs on one CSV differ too)
    assertThat(actual.remove("source").asText()).isEqualTo("reference.parquet");
    expected.remove(List.of("source", "created_at"));
    actual.remove("created_at");
    for (ObjectNode baseline : List.of(expected, actual)) {
      baseline.get("features").forEach(feature -> ((ObjectNode) feature).remove("kll_sketch"));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(BaselineFile.read(fromParquet).features().keySet())
        .containsExactly(
            "age", "income", "credit_score", "open_accounts", "utilization", "country", "channel");
  }

  @Test
  void ignoredKeyAndTimestampColumnsGiveTheBaselineOfTheFeaturesAlone() throws IOException {
    String features = "conv_rate,city\n0.5,Berlin\n,Paris\n0.75,\n0.25,Berlin\n1.5,Rome\n";
    String historical =
        """
        driver_id,event_timestamp,conv_rate,city
        1001,2026-11-20T10:00:00Z,0.5,Berlin
        1002,2026-11-20T10:05:00Z,,Paris
        1001,2026-11-20T11:00:00Z,0.75,
        1003,2026-11-21T09:30:00Z,0.25,Berlin
        1002,2026-11-21T09:31:00Z,1.5,Rome
        """;
    Path featuresCsv = Files.writeString(dir.resolve("features.csv"), features);
    Path historicalCsv = Files.writeString(dir.resolve("training.csv"), historical);
    List<Path[]> pairs =
        List.of(
            new Path[] {historicalCsv, featuresCsv},
            new Path[] {
              TypedFiles.arrow(historicalCsv, dir.resolve("training.arrow")),
              TypedFiles.arrow(featuresCsv, dir.resolve("features.arrow"))
            },
            new Path[] {
              TypedFiles.parquet(historicalCsv, dir.resolve("training.parquet"), 2),
              TypedFiles.parquet(featuresCsv, dir.resolve("features.parquet"), 2)
            });

    for (Path[] pair : pairs) {
      Path ignoring = dir.resolve("ignoring.json");
      Path without = dir.resolve("without.json");
      Files.deleteIfExists(ignoring);
      Files.deleteIfExists(without);
      Cli cli =
          baseline(pair[0], ignoring, "--ignore", "driver_id,event_timestamp", "--multivariate");
      Cli plain = baseline(pair[1], without, "--multivariate");

      assertThat(cli.exitCode()).as(cli.err()).isZero();
      assertThat(plain.exitCode()).as(plain.err()).isZero();
      assertThat(cli.out()).contains("2 features (1 numeric, 1 categorical) from 5 rows");
      Baseline a = BaselineFile.read(ignoring);
      Baseline b = BaselineFile.read(without);
      assertThat(a.features().keySet()).as(pair[0].toString()).containsExactly("conv_rate", "city");
      assertThat(a.features()).as(pair[0].toString()).isEqualTo(b.features());
      assertThat(a.rowCount()).isEqualTo(b.rowCount());
      assertThat(a.multivariate()).isEqualTo(b.multivariate());
    }
  }

  @Test
  void anIgnoredColumnNotInTheFileIsRefusedNamingTheFileAndItsColumns() throws IOException {
    Path input = Files.writeString(dir.resolve("train.csv"), "driver_id,amount\n1,2.5\n2,3.5\n");

    Cli cli = baseline(input, dir.resolve("b.json"), "--ignore", "driver_id,event_timestamp");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            input
                + ": columns to ignore are not in the file: [event_timestamp], found"
                + " [driver_id, amount]");
    assertThat(dir.resolve("b.json")).doesNotExist();
  }

  @Test
  void aTimestampColumnIsRefusedWithAHintToIgnoreIt() throws IOException {
    Path csv =
        Files.writeString(
            dir.resolve("training.csv"),
            "driver_id,event_timestamp,amount\n1,2026-11-20T10:00:00Z,2.5\n");
    Path parquet = TypedFiles.parquet(csv, dir.resolve("training.parquet"), 1000);

    Cli cli = baseline(parquet, dir.resolve("b.json"));

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("(leave it out with --ignore event_timestamp)");
  }
}
