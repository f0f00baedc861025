package dev.featurewatch.drift.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Baseline largeBaseline() {
    SplittableRandom random = new SplittableRandom(7);
    double[] amounts = new double[50_000];
    CategoricalAccumulator merchant = CategoricalAccumulator.create("merchant category");
    for (int i = 0; i < amounts.length; i++) {
      amounts[i] = i % 997 == 0 ? Double.NaN : Math.exp(random.nextGaussian() * 2 + 3);
      merchant.add(i % 101 == 0 ? null : "m" + (int) Math.abs(random.nextGaussian() * 40));
    }
    return Baseline.builder()
        .createdAt(Instant.parse("2025-03-01T08:15:30.123456789Z"))
        .rowCount(amounts.length)
        .feature(NumericProfile.ofReference("amount", amounts, 20))
        .feature(merchant.toProfile(30))
        .build();
  }

  @Test
  void baselineWrittenAndReadBackIsEqual(@TempDir Path dir) throws IOException {
    Baseline baseline = largeBaseline();
    Path file = dir.resolve("baseline.json");

    BaselineFile.write(baseline, file);
    Baseline read = BaselineFile.read(file);

    assertThat(read).isEqualTo(baseline);
    assertThat(read.source()).isEmpty();
    NumericProfile amount = (NumericProfile) read.feature("amount").orElseThrow();
    assertThat(amount.sketch().getQuantile(0.5))
        .isEqualTo(
            ((NumericProfile) baseline.feature("amount").orElseThrow()).sketch().getQuantile(0.5));
    assertThat(dir)
        .isDirectoryContaining(p -> p.equals(file))
        .isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void valueCountsAreWrittenAndReadBack() throws IOException {
    double[] rating = new double[1_000];
    for (int i = 0; i < rating.length; i++) {
      rating[i] = i % 7 == 0 ? Double.NaN : 1 + i % 5; // 1..5
    }
    NumericProfile profile = NumericProfile.ofReference("rating", rating, 10);
    Baseline baseline =
        Baseline.builder()
            .createdAt(Instant.parse("2025-03-01T08:15:30Z"))
            .rowCount(rating.length)
            .feature(profile)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BaselineFile.write(baseline, out);
    Baseline read = BaselineFile.read(new ByteArrayInputStream(out.toByteArray()));

    assertThat(read).isEqualTo(baseline);
    NumericProfile readBack = (NumericProfile) read.feature("rating").orElseThrow();
    assertThat(readBack.valueCounts()).isEqualTo(profile.valueCounts()).isPresent();
    assertThat(readBack.valueCounts().orElseThrow().values()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void valueCountsThatDoNotSumToTheCountAreRejected() {
    assertRejected(
        root -> valueCount(root, 1).put("count", 7),
        "features.children.value_counts: must sum to count 18, sum is 19");
  }

  @Test
  void valueCountsMustBeAscendingDistinctValues() {
    assertRejected(
        root -> valueCount(root, 2).put("value", 1.0),
        "features.children.value_counts[2].value: must be greater than the previous value 1.0,"
            + " found 1.0");
    assertRejected(
        root -> valueCount(root, 1).put("value", -0.0),
        "features.children.value_counts[1].value: must be greater than the previous value 0.0,"
            + " found 0.0");
  }

  @Test
  void valueCountsRejectMoreThanSixteenEntriesAndEmptyLists() {
    assertRejected(
        root -> {
          ArrayNode counts = children(root).putArray("value_counts");
          for (int i = 0; i < 17; i++) {
            counts.addObject().put("value", i).put("count", 1);
          }
        },
        "features.children.value_counts: must have 1 to 16 entries (distinct values), found 17");
    assertRejected(
        root -> children(root).putArray("value_counts"),
        "features.children.value_counts: must have 1 to 16 entries (distinct values), found 0");
  }

  @Test
  void valueCountEntriesAreCheckedOneByOne() {
    assertRejected(
        root -> valueCount(root, 4).put("value", "4"),
        "features.children.value_counts[4].value: must be a finite number, found \"4\"");
    assertRejected(
        root -> valueCount(root, 3).put("count", 0),
        "features.children.value_counts[3].count: must be an integer >= 1, found 0");
    assertRejected(
        root -> valueCount(root, 3).put("count", -1),
        "features.children.value_counts[3].count: must be an integer >= 0, found -1");
    assertRejected(
        root -> valueCount(root, 0).put("share", 0.3),
        "features.children.value_counts[0].share: unknown key");
    assertRejected(
        root -> ((ArrayNode) children(root).get("value_counts")).set(0, 0),
        "features.children.value_counts[0]: must be an object, found 0");
  }

  @Test
  void valueCountsMustRunFromMinToMax() {
    assertRejected(
        root -> children(root).put("max", 5.0),
        "features.children.value_counts[4].value: must equal max 5.0, found 4.0");
    assertRejected(
        root -> children(root).put("min", -1.0),
        "features.children.value_counts[0].value: must equal min -1.0, found 0.0");
  }

  @Test
  void newerFormatVersionAsksForAnUpgrade() {
    assertRejected(
        root -> root.put("format_version", 5),
        "format_version: baseline format_version 5 is newer than this featurewatch supports (4):"
            + " upgrade");
  }

  @Test
  void thePredictionAndPerformanceAreCheckedLikeTheFeatures() {
    assertRejected(
        root -> ((ObjectNode) root.get("performance")).put("auc", 0.9),
        "performance.auc: unknown performance metric 'auc': known are accuracy, precision, recall,"
            + " f1, roc_auc, log_loss, brier, macro_f1, mae, rmse, mape, r2");
    assertRejected(
        root -> ((ObjectNode) root.get("performance")).putNull("f1"),
        "performance.f1: must be a number, found null");
    assertRejected(
        root -> ((ObjectNode) root.get("prediction")).put("count", 21),
        "prediction.count: must equal the category counts plus other (20), found 21");
    assertRejected(
        root -> ((ObjectNode) root.get("prediction")).remove("name"),
        "prediction.name: is required");
  }

  @Test
  void version1FilesCannotHaveThem() {
    assertRejected(root -> root.put("format_version", 1), "prediction: unknown key");
  }

  @Test
  void anotherFormatIsRejected() {
    assertRejected(
        root -> root.put("format", "evidently-report"),
        "format: must be \"featurewatch-baseline\", found \"evidently-report\"");
  }

  @Test
  void binCountsOfTheWrongLengthAreRejectedWithTheirPath() {
    assertRejected(
        root -> age(root).withArray("bin_counts").remove(0),
        "features.age.bin_counts: must have 6 entries (bin edges + 2 outer bins), found 5");
  }

  @Test
  void binCountsThatDoNotSumToTheCountAreRejected() {
    assertRejected(
        root -> ((ArrayNode) age(root).get("bin_counts")).set(0, 1),
        "features.age.bin_counts: must sum to count 17, sum is 18");
  }

  @Test
  void missingFieldIsRejectedWithItsPath() {
    assertRejected(root -> age(root).remove("variance"), "features.age.variance: is required");
  }

  @Test
  void wrongTypeIsRejectedWithTheValueFound() {
    assertRejected(
        root -> age(root).put("count", "seventeen"),
        "features.age.count: must be an integer >= 0, found \"seventeen\"");
    assertRejected(
        root -> age(root).put("mean", "38"),
        "features.age.mean: must be a number or null, found \"38\"");
  }

  @Test
  void unknownKeysAreRejected() {
    assertRejected(root -> age(root).put("median", 38), "features.age.median: unknown key");
    assertRejected(root -> root.put("comment", "hi"), "comment: unknown key");
    assertRejected(
        root -> ((ObjectNode) age(root).get("missing")).put("empty", 0),
        "features.age.missing.empty: unknown key");
  }

  @Test
  void sketchMustHoldTheCountedValues() {
    assertRejected(
        root -> age(root).put("kll_sketch", "AgEPAcgACAA="), // an empty sketch
        "features.age.kll_sketch: must hold count 17 values, holds 0");
    assertRejected(
        root -> age(root).put("kll_sketch", "not base64!"),
        "features.age.kll_sketch: must be base64: Illegal base64 character 20");
  }

  @Test
  void momentsMustBeNullForAnEmptyFeature() {
    assertRejected(
        root -> ((ObjectNode) root.get("features").get("legacy_score")).put("mean", 0.0),
        "features.legacy_score.mean: must be null when count is 0, found 0.0");
  }

  @Test
  void categoricalCountMustMatchItsCategories() {
    assertRejected(
        root -> ((ObjectNode) root.get("features").get("country")).put("other", 3),
        "features.country.count: must equal the category counts plus other (18), found 17");
  }

  @Test
  void unknownFeatureTypeIsRejected() {
    assertRejected(
        root -> age(root).put("type", "text"),
        "features.age.type: must be \"numeric\" or \"categorical\", found \"text\"");
  }

  @Test
  void badCreationTimeIsRejected() {
    assertRejected(
        root -> root.put("created_at", "yesterday"),
        "created_at: must be an ISO-8601 instant like 2025-01-31T12:00:00Z, found \"yesterday\"");
  }

  @Test
  void duplicateKeysAreRejected() {
    byte[] json =
        "{\"format\": \"featurewatch-baseline\", \"format\": \"x\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BaselineFile.read(new ByteArrayInputStream(json)))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessageStartingWith("not valid JSON: Duplicate field 'format'");
  }

  @Test
  void readingAFileNamesIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "[]");

    assertThatThrownBy(() -> BaselineFile.read(file))
        .isInstanceOf(BaselineFormatException.class)
        .hasMessage(file + ": must be an object, found []");
  }

  private static ObjectNode children(ObjectNode root) {
    return (ObjectNode) root.get("features").get("children");
  }

  private static ObjectNode valueCount(ObjectNode root, int i) {
    return (ObjectNode) children(root).get("value_counts").get(i);
  }

  private static ObjectNode age(ObjectNode root) {
    return (ObjectNode) root.get("features").get("age");
  }

  /** Reads the golden file after an edit, expecting the message. */
  private static void assertRejected(Consumer<ObjectNode> edit, String message) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(goldenBytes());
      edit.accept(root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JSON.writeValue(out, root);
      assertThatThrownBy(() -> BaselineFile.read(new ByteArrayInputStream(out.toByteArray())))
          .isInstanceOf(BaselineFormatException.class)
          .hasMessage(message);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] goldenBytes() throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/golden/baseline/baseline-v3.json"));
  }
}
