package dev.featurewatch.drift.baseline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.multivariate.CategoryEncoding;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.multivariate.ReconstructionModel;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.profile.ValueCounts;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Reads and writes baselines as versioned JSON; the format is documented, field by field, in {@code
 * drift-stats/README.md}.
 *
 * <p>Reading is strict: another format, a newer version, a missing or mistyped field, an
 * inconsistent count or an unknown key is a {@link BaselineFormatException} naming the JSON path
 * and the value, so a bad file fails when it is loaded rather than as wrong drift scores later.
 * Writing always uses {@link #FORMAT_VERSION}. Doubles are written in their shortest exact decimal
 * form, so a write and read gives back an equal baseline.
 */
public final class BaselineFile {

  /** The {@code format} value that marks a baseline file. */
  public static final String FORMAT = "featurewatch-baseline";

  /** The version written, and the newest one read. */
  public static final int FORMAT_VERSION = 4;

  private static final Problems<BaselineFormatException> PROBLEMS = BaselineFormatException::new;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private BaselineFile() {}

  /** Writes the baseline to a stream, which is flushed but not closed. */
  public static void write(Baseline baseline, OutputStream out) throws IOException {
    MAPPER.writeValue(out, toJson(baseline));
    out.write('\n');
    out.flush();
  }

  /**
   * Writes the baseline to a file, replacing it atomically where the file system allows, so readers
   * never see half a file.
   */
  public static void write(Baseline baseline, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        write(baseline, out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a baseline file.
   *
   * @throws BaselineFormatException naming the file, the JSON path and the value, if the file is
   *     not a valid baseline this version can read
   */
  public static Baseline read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (BaselineFormatException e) {
      throw e.inFile(file.toString());
    }
  }

  /** Reads a baseline from a stream, to its end; the stream is not closed. */
  public static Baseline read(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JacksonException e) {
      throw new BaselineFormatException("", "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new BaselineFormatException("", "empty document, expected a baseline object");
    }
    return fromJson(JsonFields.of(root, "", PROBLEMS));
  }

  /** The only calibration method written so far. */
  private static final String ISOTONIC = "isotonic";

  private static ProbabilityCalibration readCalibration(JsonFields<BaselineFormatException> c)
      throws BaselineFormatException {
    String method = c.text("method");
    if (!method.equals(ISOTONIC)) {
      throw new BaselineFormatException(
          c.pathOf("method"), "must be '" + ISOTONIC + "', found '" + method + "'");
    }
    double[] scores = finiteNumbers(c, "scores");
    double[] probabilities = finiteNumbers(c, "probabilities");
    c.rejectUnknownKeys();
    try {
      return ProbabilityCalibration.of(scores, probabilities);
    } catch (IllegalArgumentException e) {
      throw new BaselineFormatException(c.path(), e.getMessage(), e);
    }
  }

  private static void putDoubles(ArrayNode array, double[] values) {
    for (double v : values) {
      array.add(v);
    }
  }

  private static void writeMultivariate(ReconstructionDrift m, ObjectNode node) {
    node.put("method", ReconstructionDrift.METHOD);
    ArrayNode features = node.putArray("features");
    m.features().forEach(features::add);
    putDoubles(node.putArray("means"), m.model().means());
    putDoubles(node.putArray("scales"), m.model().scales());
    ArrayNode components = node.putArray("components");
    for (double[] row : m.model().componentRows()) {
      putDoubles(components.addArray(), row);
    }
    if (!m.categories().isEmpty()) {
      ObjectNode categories = node.putObject("categories");
      new TreeMap<>(m.categories())
          .forEach(
              (name, encoding) -> {
                ObjectNode c = categories.putObject(name);
                c.put("imputed", encoding.imputed());
                ObjectNode shares = c.putObject("shares");
                new TreeMap<>(encoding.shares()).forEach(shares::put);
              });
    }
    node.put("error_mean", m.errorMean());
    node.put("error_sd", m.errorSd());
    node.put("held_out", m.heldOut());
  }

  private static ReconstructionDrift readMultivariate(
      JsonFields<BaselineFormatException> m, int version) throws BaselineFormatException {
    String method = m.text("method");
    if (!method.equals(ReconstructionDrift.METHOD)) {
      throw new BaselineFormatException(
          m.pathOf("method"),
          "must be '" + ReconstructionDrift.METHOD + "', found '" + method + "'");
    }
    List<String> features = new java.util.ArrayList<>();
    for (JsonNode f : m.array("features")) {
      if (!f.isTextual()) {
        throw m.problem("features", "must hold feature names, found " + JsonChecks.describe(f));
      }
      features.add(f.textValue());
    }
    double[] means = finiteNumbers(m, "means");
    double[] scales = finiteNumbers(m, "scales");
    List<JsonNode> rows = m.array("components");
    double[][] components = new double[rows.size()][];
    for (int c = 0; c < components.length; c++) {
      String rowPath = JsonChecks.index(m.pathOf("components"), c);
      JsonNode row = JsonChecks.array(rows.get(c), rowPath, PROBLEMS);
      components[c] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        components[c][j] =
            JsonChecks.finiteNumber(row.get(j), JsonChecks.index(rowPath, j), PROBLEMS);
      }
    }
    Map<String, CategoryEncoding> categories = new HashMap<>();
    if (version >= 4 && m.has("categories")) {
      JsonFields<BaselineFormatException> all = m.object("categories");
      for (String name : all.keys()) {
        categories.put(name, readCategoryEncoding(all.object(name)));
      }
    }
    double errorMean = m.finiteNumber("error_mean");
    double errorSd = m.finiteNumber("error_sd");
    long heldOut = m.nonNegativeLong("held_out");
    m.rejectUnknownKeys();
    try {
      return ReconstructionDrift.of(
          features,
          categories,
          ReconstructionModel.of(means, scales, components),
          errorMean,
          errorSd,
          heldOut);
    } catch (IllegalArgumentException e) {
      throw new BaselineFormatException(m.path(), e.getMessage(), e);
    }
  }

  private static CategoryEncoding readCategoryEncoding(JsonFields<BaselineFormatException> c)
      throws BaselineFormatException {
    String imputed = c.text("imputed");
    JsonFields<BaselineFormatException> shares = c.object("shares");
    Map<String, Double> values = new HashMap<>();
    for (String category : shares.keys()) {
      values.put(
          category, JsonChecks.number(shares.get(category), shares.pathOf(category), PROBLEMS));
    }
    c.rejectUnknownKeys();
    try {
      return new CategoryEncoding(values, imputed);
    } catch (IllegalArgumentException e) {
      throw new BaselineFormatException(c.path(), e.getMessage(), e);
    }
  }

  private static double[] finiteNumbers(JsonFields<BaselineFormatException> object, String key)
      throws BaselineFormatException {
    List<JsonNode> items = object.array(key);
    double[] values = new double[items.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          JsonChecks.finiteNumber(items.get(i), JsonChecks.index(object.pathOf(key), i), PROBLEMS);
    }
    return values;
  }

  // ---- writing

  private static ObjectNode toJson(Baseline baseline) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("created_at", baseline.createdAt().toString());
    baseline.source().ifPresent(s -> root.put("source", s));
    root.put("row_count", baseline.rowCount());
    ObjectNode features = root.putObject("features");
    for (FeatureProfile p : baseline.features().values()) {
      writeProfile(p, features.putObject(p.name()));
    }
    baseline
        .prediction()
        .ifPresent(p -> writeProfile(p, root.putObject("prediction").put("name", p.name())));
    if (!baseline.performance().isEmpty()) {
      ObjectNode performance = root.putObject("performance");
      baseline.performance().forEach((metric, value) -> performance.put(metric.id(), value));
    }
    baseline
        .calibration()
        .ifPresent(
            c -> {
              ObjectNode calibration = root.putObject("calibration");
              calibration.put("method", ISOTONIC);
              putDoubles(calibration.putArray("scores"), c.scores());
              putDoubles(calibration.putArray("probabilities"), c.probabilities());
            });
    baseline.multivariate().ifPresent(m -> writeMultivariate(m, root.putObject("multivariate")));
    return root;
  }

  private static void writeProfile(FeatureProfile p, ObjectNode f) {
    if (p instanceof NumericProfile n) {
      writeNumeric(n, f);
    } else if (p instanceof CategoricalProfile c) {
      writeCategorical(c, f);
    }
  }

  private static void writeNumeric(NumericProfile p, ObjectNode f) {
    f.put("type", "numeric");
    f.put("count", p.count());
    ObjectNode missing = f.putObject("missing");
    missing.put("null", p.missing().nulls());
    missing.put("nan", p.missing().nan());
    missing.put("positive_infinity", p.missing().positiveInfinity());
    missing.put("negative_infinity", p.missing().negativeInfinity());
    putNullable(f, "min", p.min());
    putNullable(f, "max", p.max());
    putNullable(f, "mean", p.mean());
    putNullable(f, "variance", p.populationVariance());
    f.put("kll_sketch", Base64.getEncoder().encodeToString(p.sketch().toByteArray()));
    p.binEdges()
        .ifPresent(
            edges -> {
              ArrayNode e = f.putArray("bin_edges");
              for (double v : edges.edges()) {
                e.add(v);
              }
              ArrayNode c = f.putArray("bin_counts");
              for (long v : p.binCounts()) {
                c.add(v);
              }
            });
    p.valueCounts()
        .ifPresent(
            counts -> {
              ArrayNode a = f.putArray("value_counts");
              double[] values = counts.values();
              long[] n = counts.counts();
              for (int i = 0; i < values.length; i++) {
                a.addObject().put("value", values[i]).put("count", n[i]);
              }
            });
  }

  private static void putNullable(ObjectNode f, String key, double value) {
    if (Double.isNaN(value)) {
      f.putNull(key);
    } else {
      f.put(key, value);
    }
  }

  private static void writeCategorical(CategoricalProfile p, ObjectNode f) {
    f.put("type", "categorical");
    f.put("count", p.count());
    f.putObject("missing").put("null", p.missing().nulls());
    ArrayNode categories = f.putArray("categories");
    for (Map.Entry<String, Long> e : p.categories().entrySet()) {
      categories.addObject().put("value", e.getKey()).put("count", e.getValue());
    }
    f.put("other", p.other());
    f.put("distinct", p.distinct());
    f.put("distinct_capped", p.distinctCapped());
  }

  // ---- reading

  private static Baseline fromJson(JsonFields<BaselineFormatException> root)
      throws BaselineFormatException {
    String format = root.text("format");
    if (!FORMAT.equals(format)) {
      throw new BaselineFormatException(
          "format", "must be \"" + FORMAT + "\", found \"" + format + "\"");
    }
    int version = root.intValue("format_version");
    if (version > FORMAT_VERSION) {
      throw new BaselineFormatException(
          "format_version",
          "baseline format_version "
              + version
              + " is newer than this featurewatch supports ("
              + FORMAT_VERSION
              + "): upgrade");
    }
    if (version < 1) {
      throw new BaselineFormatException("format_version", "must be >= 1, found " + version);
    }
    Baseline.Builder b = Baseline.builder().formatVersion(version);
    String createdAt = root.text("created_at");
    try {
      b.createdAt(Instant.parse(createdAt));
    } catch (DateTimeParseException e) {
      throw new BaselineFormatException(
          "created_at",
          "must be an ISO-8601 instant like 2025-01-31T12:00:00Z, found \"" + createdAt + "\"");
    }
    if (root.has("source")) {
      b.source(root.text("source"));
    }
    b.rowCount(root.nonNegativeLong("row_count"));
    JsonFields<BaselineFormatException> features = root.object("features");
    for (String name : features.keys()) {
      JsonFields<BaselineFormatException> f = features.object(name);
      try {
        b.feature(readFeature(name, f));
      } catch (IllegalArgumentException e) {
        throw new BaselineFormatException(f.path(), e.getMessage(), e);
      }
    }
    if (version >= 2 && root.has("prediction")) {
      JsonFields<BaselineFormatException> p = root.object("prediction");
      String name = p.text("name");
      try {
        b.prediction(readFeature(name, p));
      } catch (IllegalArgumentException e) {
        throw new BaselineFormatException(p.path(), e.getMessage(), e);
      }
    }
    if (version >= 2 && root.has("performance")) {
      JsonFields<BaselineFormatException> performance = root.object("performance");
      for (String id : performance.keys()) {
        PerformanceMetric metric;
        try {
          metric = PerformanceMetric.fromId(id);
        } catch (IllegalArgumentException e) {
          throw new BaselineFormatException(performance.pathOf(id), e.getMessage(), e);
        }
        double value = performance.nullableNumber(id);
        if (!Double.isFinite(value)) {
          throw new BaselineFormatException(performance.pathOf(id), "must be a number, found null");
        }
        b.performance(metric, value);
      }
    }
    if (version >= 3 && root.has("calibration")) {
      b.calibration(readCalibration(root.object("calibration")));
    }
    if (version >= 3 && root.has("multivariate")) {
      b.multivariate(readMultivariate(root.object("multivariate"), version));
    }
    root.rejectUnknownKeys();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new BaselineFormatException("", e.getMessage(), e);
    }
  }

  private static FeatureProfile readFeature(String name, JsonFields<BaselineFormatException> f)
      throws BaselineFormatException {
    if (name.isEmpty()) {
      throw new BaselineFormatException(f.path(), "feature name must not be empty");
    }
    String type = f.text("type");
    FeatureProfile profile =
        switch (type) {
          case "numeric" -> readNumeric(name, f);
          case "categorical" -> readCategorical(name, f);
          default ->
              throw new BaselineFormatException(
                  f.pathOf("type"),
                  "must be \"numeric\" or \"categorical\", found \"" + type + "\"");
        };
    f.rejectUnknownKeys();
    return profile;
  }

  private static NumericProfile readNumeric(String name, JsonFields<BaselineFormatException> f)
      throws BaselineFormatException {
    long count = f.nonNegativeLong("count");
    JsonFields<BaselineFormatException> m = f.object("missing");
    MissingCounts missing =
        new MissingCounts(
            m.nonNegativeLong("null"),
            m.nonNegativeLong("nan"),
            m.nonNegativeLong("positive_infinity"),
            m.nonNegativeLong("negative_infinity"));
    m.rejectUnknownKeys();
    double[] moments = new double[4];
    List<String> keys = List.of("min", "max", "mean", "variance");
    for (int i = 0; i < moments.length; i++) {
      String key = keys.get(i);
      moments[i] = f.nullableNumber(key);
      if (count == 0 && !Double.isNaN(moments[i])) {
        throw new BaselineFormatException(
            f.pathOf(key), "must be null when count is 0, found " + moments[i]);
      }
      if (count > 0 && Double.isNaN(moments[i])) {
        throw new BaselineFormatException(
            f.pathOf(key), "must be a number when count is " + count + ", found null");
      }
    }
    NumericProfile.Builder b =
        NumericProfile.builder(name)
            .missing(missing)
            .moments(moments[0], moments[1], moments[2], moments[3])
            .sketch(readSketch(f, count));
    boolean binned = f.has("bin_edges") || f.has("bin_counts");
    if (binned) {
      BinEdges edges;
      try {
        edges = BinEdges.of(numbers(f, "bin_edges"));
      } catch (IllegalArgumentException e) {
        throw new BaselineFormatException(f.pathOf("bin_edges"), e.getMessage(), e);
      }
      List<JsonNode> items = f.array("bin_counts");
      long[] counts = new long[items.size()];
      long sum = 0;
      for (int i = 0; i < counts.length; i++) {
        counts[i] =
            JsonChecks.nonNegativeLong(
                items.get(i), JsonChecks.index(f.pathOf("bin_counts"), i), PROBLEMS);
        sum += counts[i];
      }
      try {
        b.bins(edges, counts);
      } catch (IllegalArgumentException e) {
        throw new BaselineFormatException(f.pathOf("bin_counts"), e.getMessage(), e);
      }
      if (sum != count) {
        throw new BaselineFormatException(
            f.pathOf("bin_counts"), "must sum to count " + count + ", sum is " + sum);
      }
    }
    if (f.has("value_counts")) {
      b.valueCounts(readValueCounts(f, count, moments[0], moments[1]));
    }
    return b.build();
  }

  private static ValueCounts readValueCounts(
      JsonFields<BaselineFormatException> f, long count, double min, double max)
      throws BaselineFormatException {
    String path = f.pathOf("value_counts");
    List<JsonNode> items = f.array("value_counts");
    if (items.isEmpty() || items.size() > NumericProfile.MAX_TRACKED_VALUES) {
      throw new BaselineFormatException(
          path,
          "must have 1 to "
              + NumericProfile.MAX_TRACKED_VALUES
              + " entries (distinct values), found "
              + items.size());
    }
    double[] values = new double[items.size()];
    long[] counts = new long[items.size()];
    long sum = 0;
    for (int i = 0; i < values.length; i++) {
      JsonFields<BaselineFormatException> e = f.cursor(items.get(i), JsonChecks.index(path, i));
      values[i] = e.finiteNumber("value") + 0.0; // -0.0 is the value 0.0
      if (i > 0 && !(values[i] > values[i - 1])) {
        throw new BaselineFormatException(
            e.pathOf("value"),
            "must be greater than the previous value " + values[i - 1] + ", found " + values[i]);
      }
      counts[i] = e.nonNegativeLong("count");
      if (counts[i] == 0) {
        throw new BaselineFormatException(e.pathOf("count"), "must be an integer >= 1, found 0");
      }
      e.rejectUnknownKeys();
      sum += counts[i];
    }
    if (sum != count) {
      throw new BaselineFormatException(path, "must sum to count " + count + ", sum is " + sum);
    }
    if (values[0] != min) {
      throw new BaselineFormatException(
          path + "[0].value", "must equal min " + min + ", found " + values[0]);
    }
    int last = values.length - 1;
    if (values[last] != max) {
      throw new BaselineFormatException(
          path + "[" + last + "].value", "must equal max " + max + ", found " + values[last]);
    }
    return ValueCounts.of(values, counts);
  }

  private static byte[] readSketch(JsonFields<BaselineFormatException> f, long count)
      throws BaselineFormatException {
    String path = f.pathOf("kll_sketch");
    String text = f.text("kll_sketch");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new BaselineFormatException(path, "must be base64: " + e.getMessage(), e);
    }
    KllDoublesSketch sketch;
    try {
      sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
    } catch (SketchesException | IndexOutOfBoundsException e) {
      throw new BaselineFormatException(
          path, "must be a serialized KLL doubles sketch: " + e.getMessage(), e);
    }
    if (sketch.getN() != count) {
      throw new BaselineFormatException(
          path, "must hold count " + count + " values, holds " + sketch.getN());
    }
    return bytes;
  }

  private static double[] numbers(JsonFields<BaselineFormatException> f, String key)
      throws BaselineFormatException {
    List<JsonNode> items = f.array(key);
    double[] values = new double[items.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = JsonChecks.number(items.get(i), JsonChecks.index(f.pathOf(key), i), PROBLEMS);
    }
    return values;
  }

  private static CategoricalProfile readCategorical(
      String name, JsonFields<BaselineFormatException> f) throws BaselineFormatException {
    long count = f.nonNegativeLong("count");
    JsonFields<BaselineFormatException> m = f.object("missing");
    long nulls = m.nonNegativeLong("null");
    m.rejectUnknownKeys();
    CategoricalProfile.Builder b = CategoricalProfile.builder(name).nulls(nulls);
    List<JsonNode> items = f.array("categories");
    long sum = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonFields<BaselineFormatException> c =
          f.cursor(items.get(i), JsonChecks.index(f.pathOf("categories"), i));
      String value = c.text("value");
      long n = c.nonNegativeLong("count");
      c.rejectUnknownKeys();
      try {
        b.category(value, n);
      } catch (IllegalArgumentException e) {
        throw new BaselineFormatException(c.pathOf("value"), e.getMessage(), e);
      }
      sum += n;
    }
    long other = f.nonNegativeLong("other");
    b.other(other);
    if (sum + other != count) {
      throw new BaselineFormatException(
          f.pathOf("count"),
          "must equal the category counts plus other (" + (sum + other) + "), found " + count);
    }
    long distinct = f.nonNegativeLong("distinct");
    b.distinct(distinct, f.bool("distinct_capped"));
    return b.build();
  }
}
