package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.input.TypedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Map<String, JsonNode> byFeature(JsonNode report) {
    Map<String, JsonNode> features = new HashMap<>();
    report.get("features").forEach(f -> features.put(f.get("feature").asText(), f));
    return features;
  }

  private static List<String> drifted(JsonNode report) {
    List<String> names = new ArrayList<>();
    report
        .get("features")
        .forEach(
            f -> {
              if (f.get("drifted").asBoolean()) {
                names.add(f.get("feature").asText());
              }
            });
    return names;
  }

  /** {@code featurewatch drift} on the bundled sample data, with more arguments. */
  private static Cli onSampleData(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drift",
                "--reference",
                Cli.example("reference.csv"),
                "--current",
                Cli.example("current.csv")));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void sampleDataScoresMatchScipyAndFlagTheDriftedFeatures() throws IOException {
    Cli cli = onSampleData("--format", "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode report = JSON.readTree(cli.out());
    JsonNode golden =
        JSON.readTree(getClass().getResourceAsStream("/golden/sample_drift_scipy.json"));
    Map<String, JsonNode> features = byFeature(report);
    golden
        .get("features")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode actual = features.get(e.getKey());
              assertThat(actual.get("method").asText())
                  .isEqualTo(e.getValue().get("method").asText());
              assertThat(actual.get("score").asDouble())
                  .as(e.getKey())
                  .isCloseTo(e.getValue().get("score").asDouble(), within(1e-9));
              if (e.getValue().has("current_values")) {
                assertThat(actual.get("current").get("values").asLong())
                    .isEqualTo(e.getValue().get("current_values").asLong());
              }
            });
    // the sample data was generated with exactly these three changes
    assertThat(drifted(report)).containsExactly("income", "utilization", "country");
    assertThat(features.get("country").get("unseen_categories").get(0).asText()).isEqualTo("BR");
    assertThat(report.get("dataset").get("verdict").asText()).isEqualTo("no_drift");
    assertThat(report.get("dataset").get("drifted").asInt()).isEqualTo(3);
  }

  @Test
  void reportsTheFirstInvalidValueWithFileLineAndColumnAndGoesOn() {
    Cli cli = onSampleData();

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.err())
        .contains(
            Cli.example("current.csv")
                + ":19: column 'credit_score': 'n/a' is not a number (1 invalid value in this"
                + " column, left out)");
    assertThat(cli.out()).contains("Dataset drift: no drift: 3 of 7 features drifted");
  }

  @Test
  void baselineGivesTheSameVerdictsAsTheRawReferenceWithinTheSketchError() throws IOException {
    Path baseline = dir.resolve("baseline.json");
    Cli made =
        Cli.run("baseline", "--input", Cli.example("reference.csv"), "--out", baseline.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();
    assertThat(made.out()).contains("7 features (5 numeric, 2 categorical) from 5000 rows");

    JsonNode fromBaseline =
        JSON.readTree(
            Cli.run(
                    "drift",
                    "--baseline",
                    baseline.toString(),
                    "--current",
                    Cli.example("current.csv"),
                    "--format",
                    "json")
                .out());
    JsonNode fromReference = JSON.readTree(onSampleData("--format", "json").out());

    Map<String, JsonNode> approximate = byFeature(fromBaseline);
    byFeature(fromReference)
        .forEach(
            (name, exact) -> {
              JsonNode streamed = approximate.get(name);
              assertThat(streamed.get("method").asText()).isEqualTo(exact.get("method").asText());
              assertThat(streamed.get("drifted").asBoolean())
                  .isEqualTo(exact.get("drifted").asBoolean());
              // categories are counted exactly; Wasserstein from KLL sketches is within 0.15
              // reference
              // standard deviations (the bound SketchForms states for heavy tails, k = 200)
              double tolerance = exact.get("type").asText().equals("categorical") ? 1e-12 : 0.15;
              assertThat(streamed.get("score").asDouble())
                  .as(name)
                  .isCloseTo(exact.get("score").asDouble(), within(tolerance));
            });
    assertThat(fromBaseline.get("reference").get("kind").asText()).isEqualTo("baseline");
  }

  @Test
  void failOnDriftExitsWithOneWhenTheDatasetDrifted() {
    Cli cli = onSampleData("--dataset-threshold", "0.4", "--fail-on-drift");

    assertThat(cli.exitCode()).isEqualTo(DriftCommand.EXIT_DRIFT);
    assertThat(cli.out()).contains("Dataset drift: DRIFT: 3 of 7 features drifted (42.9%)");
  }

  @Test
  void aChosenMethodAndThresholdApplyToEveryFeature() throws IOException {
    Cli cli = onSampleData("--method", "psi", "--threshold", "0.2", "--format", "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JSON.readTree(cli.out())
        .get("features")
        .forEach(
            f -> {
              assertThat(f.get("method").asText()).isEqualTo("psi");
              assertThat(f.get("threshold").asDouble()).isEqualTo(0.2);
            });
  }

  @Test
  void verdictsAreCalibratedByDefaultAndSayHow() throws IOException {
    Cli cli = onSampleData("--format", "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    Map<String, JsonNode> features = byFeature(JSON.readTree(cli.out()));
    JsonNode income = features.get("income");
    assertThat(income.get("threshold_source").asText()).isEqualTo("calibrated");
    assertThat(income.get("false_alarm_rate").asDouble()).isEqualTo(0.01);
    assertThat(income.get("p_value").asDouble()).isLessThan(1e-6);
    assertThat(income.get("adjusted_p_value").asDouble()).isLessThan(1e-5);
    assertThat(income.get("raw_verdict").asText()).isEqualTo("drift");
    // the null quantile at 5,000 against 5,000 values, not Evidently's 0.1
    assertThat(features.get("age").get("threshold").asDouble())
        .isEqualTo(features.get("age").get("null_quantile").asDouble())
        .isBetween(0.02, 0.2);
  }

  @Test
  void fixedThresholdsAreEvidentlysAndStateNoCalibration() throws IOException {
    Cli cli = onSampleData("--fixed-thresholds", "--format", "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode report = JSON.readTree(cli.out());
    assertThat(drifted(report)).containsExactly("income", "utilization", "country");
    report
        .get("features")
        .forEach(
            f -> {
              assertThat(f.get("threshold").asDouble()).isEqualTo(0.1);
              assertThat(f.get("threshold_source").asText()).isEqualTo("fixed");
              assertThat(f.get("false_alarm_rate").isNull()).isTrue();
            });
    assertThat(onSampleData("--fixed-thresholds").out())
        .contains("Verdicts at fixed thresholds (Evidently's unless --threshold).");
  }

  @Test
  void aCurrentSampleTooSmallToJudgeSaysSo() throws IOException {
    Path cur = Files.writeString(dir.resolve("cur.csv"), "age\n30\n41\n52\n");
    StringBuilder ref = new StringBuilder("age\n");
    for (int i = 0; i < 2000; i++) {
      ref.append(20 + i % 50).append('\n');
    }
    Path refFile = Files.writeString(dir.resolve("ref.csv"), ref);

    Cli cli =
        Cli.run(
            "drift",
            "--reference",
            refFile.toString(),
            "--current",
            cur.toString(),
            "--format",
            "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode report = JSON.readTree(cli.out());
    JsonNode age = report.get("features").get(0);
    assertThat(age.get("verdict").asText()).isEqualTo("insufficient_data");
    assertThat(age.get("reason").asText())
        .isEqualTo(
            "3 values in the window, fewer than the 20 that wasserstein needs for a verdict");
    assertThat(report.get("dataset").get("verdict").asText()).isEqualTo("insufficient_data");
  }

  @Test
  void calibrationOptionsAreCheckedAgainstEachOther() {
    assertThat(onSampleData("--fixed-thresholds", "--min-samples", "5").err())
        .contains(
            "--min-samples and --floor are for calibrated verdicts, not with --fixed-thresholds");
    assertThat(onSampleData("--floor", "0.1").err())
        .contains("--floor needs --method: auto mixes p-values and distances, found --floor 0.1");
    assertThat(onSampleData("--alpha", "1.5").err()).contains("alpha must be in (0, 1): 1.5");
  }

  @Test
  void rejectsColumnsPresentInOneFileButNotTheOther() throws IOException {
    Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,2\n");
    Path cur = Files.writeString(dir.resolve("cur.csv"), "a,c\n1,2\n");

    Cli cli = Cli.run("drift", "--reference", ref.toString(), "--current", cur.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            "columns present in one file but not the other: only in "
                + ref
                + ": [b], only in "
                + cur
                + ": [c]");
  }

  @Test
  void rejectsARaggedRowWithItsLine() throws IOException {
    Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,2\n3\n");
    Path cur = Files.writeString(dir.resolve("cur.csv"), "a,b\n1,2\n");

    Cli cli = Cli.run("drift", "--reference", ref.toString(), "--current", cur.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains(ref + ":3: expected 2 fields as in the header, found 1");
  }

  @Test
  void rejectsAMissingOrEmptyFile() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");

    Cli missing =
        Cli.run(
            "drift",
            "--reference",
            dir.resolve("nope.csv").toString(),
            "--current",
            empty.toString());
    Cli blank =
        Cli.run(
            "drift", "--reference", Cli.example("reference.csv"), "--current", empty.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains(dir.resolve("nope.csv") + ": no such file");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains(empty + ": the file is empty, expected a header line");
  }

  @Test
  void aThresholdWithoutAMethodIsAUsageError() {
    Cli cli = onSampleData("--threshold", "0.2");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("--threshold needs --method");
  }

  @Test
  void aNumericMethodLeavesCategoricalFeaturesToTheAutomaticPick() throws IOException {
    Cli cli = onSampleData("--method", "ks", "--format", "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    Map<String, JsonNode> features = byFeature(JSON.readTree(cli.out()));
    assertThat(features.get("income").get("method").asText()).isEqualTo("ks");
    assertThat(features.get("country").get("method").asText()).isEqualTo("jensenshannon");
  }

  @Test
  void theZTestOnContinuousFeaturesIsABadInputNamingThem() {
    Cli cli = onSampleData("--method", "ztest");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            "drift method ztest compares two categories, but these numeric features have more than"
                + " 5 distinct values: [age, income, credit_score, open_accounts, utilization]");
  }

  @Test
  void aThresholdOutsideTheMethodsRangeIsABadInput() {
    Cli cli = onSampleData("--method", "ks", "--threshold", "5");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("threshold for ks is a p-value and must be in (0, 1): 5.0");
  }

  @Test
  void aReferenceWithoutRowsIsABadInput() throws IOException {
    Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n");
    Path cur = Files.writeString(dir.resolve("cur.csv"), "a,b\n1,x\n");

    Cli cli = Cli.run("drift", "--reference", ref.toString(), "--current", cur.toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains(ref + ": no data rows after the header");
  }

  @Test
  void aColumnWhoseTypeDiffersBetweenTheFilesIsReadAsInTheReferenceWithAWarning()
      throws IOException {
    Path ref = Files.writeString(dir.resolve("ref.csv"), "code\nA\nB\nA\n");
    Path cur = Files.writeString(dir.resolve("cur.csv"), "code\n1\n2\n1\n");

    Cli cli =
        Cli.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--format",
            "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err())
        .contains(
            "column 'code' is categorical in "
                + ref
                + " but looks numeric in "
                + cur
                + ": read as categorical, as in the reference");
    JsonNode code = JSON.readTree(cli.out()).get("features").get(0);
    assertThat(code.get("type").asText()).isEqualTo("categorical");
    assertThat(code.get("unseen_count").asLong()).isEqualTo(3);
  }

  @Test
  void anEmptyCurrentSideIsInsufficientDataNotNaN() throws IOException {
    Path ref = Files.writeString(dir.resolve("ref.csv"), "x\n1\n2\n3\n");
    Path cur = Files.writeString(dir.resolve("cur.csv"), "x\n\nNaN\n");

    Cli cli =
        Cli.run(
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--format",
            "json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode feature = JSON.readTree(cli.out()).get("features").get(0);
    assertThat(feature.get("verdict").asText()).isEqualTo("insufficient_data");
    assertThat(feature.get("current").get("missing").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(cli.out()).get("dataset").get("verdict").asText())
        .isEqualTo("insufficient_data");
  }

  /**
   * Parquet and CSV inputs of the same data give the same report, to the byte. With fixed
   * thresholds: calibrated ones are simulated through KLL sketches, whose compaction coins come
   * from DataSketches' unseeded generator, so they move within their simulation error from run to
   * run even on one file (NullModel's Javadoc).
   */
  @Test
  void parquetInputsGiveTheSameReportsAsTheSameDataInCsv() throws IOException {
    Path csvReference = Path.of(Cli.example("reference.csv"));
    // the sample's one invalid value ('n/a' in a numeric column) as a null: Parquet is typed
    Path csvCurrent =
        Files.writeString(
            dir.resolve("current.csv"),
            Files.readString(Path.of(Cli.example("current.csv"))).replace(",n/a,", ",,"));
    // several row groups, to read across them
    Path reference = TypedFiles.parquet(csvReference, dir.resolve("reference.parquet"), 1000);
    Path current = TypedFiles.parquet(csvCurrent, dir.resolve("current.parquet"), 1000);
    Path baseline = dir.resolve("baseline.json");
    Cli made =
        Cli.run("baseline", "--input", csvReference.toString(), "--out", baseline.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();

    // the JSON report names its files: the Parquet ones' names stand for the CSV ones'
    Map<String, String> names =
        Map.of(
            reference.toString(),
            csvReference.toString(),
            current.toString(),
            csvCurrent.toString());
    for (String format : List.of("table", "json")) {
      Cli csv = fixedDrift(format, "--reference", csvReference, csvCurrent);
      Cli parquet = fixedDrift(format, "--reference", reference, current);

      assertThat(parquet.exitCode()).as(parquet.err()).isEqualTo(csv.exitCode());
      assertThat(renamed(parquet.out(), names)).contains("income").isEqualTo(csv.out());
      assertThat(parquet.err()).isEqualTo(csv.err());
      assertThat(renamed(fixedDrift(format, "--reference", csvReference, current).out(), names))
          .isEqualTo(csv.out());
      assertThat(renamed(fixedDrift(format, "--baseline", baseline, current).out(), names))
          .contains("income")
          .isEqualTo(fixedDrift(format, "--baseline", baseline, csvCurrent).out());
    }
  }

  /**
   * The sample data as {@code featurewatch historical} would write it, an int64 join key and an
   * event timestamp before the features, and the features alone: in CSV, Arrow IPC and Parquet.
   */
  private Path[][] historicalAndFeatures(String sample) throws IOException {
    List<String> lines =
        Files.readString(Path.of(Cli.example(sample))).replace(",n/a,", ",,").lines().toList();
    StringBuilder historical = new StringBuilder("driver_id,event_timestamp," + lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      historical
          .append('\n')
          .append(1000 + i % 97)
          .append(',')
          .append(java.time.Instant.parse("2026-11-20T00:00:00Z").plusSeconds(60L * i))
          .append(',')
          .append(lines.get(i));
    }
    String name = sample.replace(".csv", "");
    Path withKeys = Files.writeString(dir.resolve(name + "-historical.csv"), historical + "\n");
    Path features = Files.writeString(dir.resolve(name + ".csv"), String.join("\n", lines) + "\n");
    return new Path[][] {
      {
        withKeys,
        TypedFiles.arrow(withKeys, dir.resolve(name + "-historical.arrow")),
        TypedFiles.parquet(withKeys, dir.resolve(name + "-historical.parquet"), 1000)
      },
      {
        features,
        TypedFiles.arrow(features, dir.resolve(name + ".arrow")),
        TypedFiles.parquet(features, dir.resolve(name + ".parquet"), 1000)
      }
    };
  }

  @Test
  void ignoredKeyAndTimestampColumnsGiveTheReportsOfTheFeaturesAlone() throws IOException {
    Path[][] reference = historicalAndFeatures("reference.csv");
    Path[][] current = historicalAndFeatures("current.csv");

    for (int f = 0; f < 3; f++) {
      Path baseline = dir.resolve("baseline-" + f + ".json");
      Cli made =
          Cli.run("baseline", "--input", reference[1][f].toString(), "--out", baseline.toString());
      assertThat(made.exitCode()).as(made.err()).isZero();
      Map<String, String> names =
          Map.of(
              reference[0][f].toString(),
              reference[1][f].toString(),
              current[0][f].toString(),
              current[1][f].toString());
      for (String format : List.of("table", "json")) {
        Cli without = fixedDrift(format, "--reference", reference[1][f], current[1][f]);
        Cli ignoring =
            fixedDrift(
                format,
                "--reference",
                reference[0][f],
                current[0][f],
                "--ignore",
                "driver_id,event_timestamp");

        assertThat(ignoring.exitCode()).as(ignoring.err()).isEqualTo(without.exitCode());
        assertThat(renamed(ignoring.out(), names))
            .contains("income")
            .doesNotContain("driver_id")
            .isEqualTo(without.out());
        assertThat(
                renamed(
                    fixedDrift(
                            format,
                            "--baseline",
                            baseline,
                            current[0][f],
                            "--ignore",
                            "driver_id,event_timestamp")
                        .out(),
                    names))
            .contains("income")
            .isEqualTo(fixedDrift(format, "--baseline", baseline, current[1][f]).out());
      }
    }
  }

  @Test
  void anIgnoredColumnNotInAFileIsRefusedNamingTheFileAndItsColumns() throws IOException {
    Path[][] reference = historicalAndFeatures("reference.csv");
    Path[][] current = historicalAndFeatures("current.csv");

    Cli cli =
        fixedDrift(
            "table",
            "--reference",
            reference[0][2],
            current[1][2],
            "--ignore",
            "driver_id,event_timestamp");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            current[1][2]
                + ": columns to ignore are not in the file: [driver_id, event_timestamp], found [age, income,"
                + " credit_score, open_accounts, utilization, country, channel]");
  }

  private static String renamed(String report, Map<String, String> names) {
    for (Map.Entry<String, String> name : names.entrySet()) {
      report = report.replace(name.getKey(), name.getValue());
    }
    return report;
  }

  private static Cli fixedDrift(
      String format, String side, Path reference, Path current, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drift",
                side,
                reference.toString(),
                "--current",
                current.toString(),
                "--fixed-thresholds",
                "--format",
                format));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
