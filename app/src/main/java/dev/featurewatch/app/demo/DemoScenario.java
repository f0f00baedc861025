package dev.featurewatch.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.BinaryScoreAccumulator;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.performance.RocAuc;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A loan-default model's world, generated from a seed: applicants with a dozen features, the model
 * (a logistic score), its training data, and two hours of its predictions and their labels, which
 * come 1 to 30 minutes late (one in ten never). From the second hour on, three features drift
 * (applicants' income falls by a quarter, credit utilization rises, more of them are contractors)
 * and the model, trained before, gets worse: defaults follow the new world, not its score. The nine
 * other features stay as they were.
 */
public final class DemoScenario {

  /** The model's registered name. */
  public static final String MODEL = "loan-default";

  /** The features that drift, in the monitor's order. */
  public static final List<String> DRIFTING = List.of("income", "utilization", "employment_type");

  /** How long the predictions go on. */
  public static final Duration SPAN = Duration.ofHours(2);

  /** When the drift starts, after the first prediction. */
  public static final Duration DRIFT_AFTER = Duration.ofHours(1);

  static final int PREDICTIONS = 48_000;
  static final int TRAINING_ROWS = 50_000;
  static final int APPLICANTS = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EMPLOYMENT = {
    "salaried", "self_employed", "contractor", "unemployed"
  };
  private static final double[] EMPLOYMENT_BEFORE = {0.6, 0.25, 0.1, 0.05};
  private static final double[] EMPLOYMENT_AFTER = {0.4, 0.2, 0.35, 0.05};
  private static final String[] HOME = {"rent", "mortgage", "own"};
  private static final double[] HOME_SHARES = {0.4, 0.4, 0.2};
  private static final String[] REGION = {"north", "south", "east", "west"};
  private static final double[] REGION_SHARES = {0.3, 0.3, 0.2, 0.2};
  private static final int[] TERMS = {12, 24, 36, 60};

  /** An applicant's features, in the monitor's order. */
  private record Applicant(
      long age,
      double income,
      double debtRatio,
      long creditLines,
      long latePayments,
      double loanAmount,
      long termMonths,
      double utilization,
      long accountAgeDays,
      String employmentType,
      String homeOwnership,
      String region) {

    /** The model: the probability of default it predicts. */
    double score() {
      double logit =
          -3.0
              + 2.5 * debtRatio
              + 2.0 * utilization
              + 0.6 * latePayments
              - 0.4 * Math.log(income / 50_000)
              + 0.2 * Math.log(loanAmount / 10_000)
              + (employmentType.equals("unemployed") ? 1.0 : 0);
      return 1 / (1 + Math.exp(-logit));
    }

    ObjectNode json() {
      ObjectNode f = JSON.createObjectNode();
      f.put("age", age);
      f.put("income", round(income));
      f.put("debt_ratio", round(debtRatio));
      f.put("credit_lines", creditLines);
      f.put("late_payments", latePayments);
      f.put("loan_amount", round(loanAmount));
      f.put("term_months", termMonths);
      f.put("utilization", round(utilization));
      f.put("account_age_days", accountAgeDays);
      f.put("employment_type", employmentType);
      f.put("home_ownership", homeOwnership);
      f.put("region", region);
      return f;
    }
  }

  private DemoScenario() {}

  private static Applicant applicant(SplittableRandom r, boolean drifted) {
    double income = Math.exp(10.8 + 0.5 * r.nextGaussian()) * (drifted ? 0.75 : 1);
    double utilization = Math.min(1, Math.max(0, r.nextDouble() * 0.8 + (drifted ? 0.2 : 0)));
    return new Applicant(
        Math.max(18, Math.min(90, Math.round(40 + 12 * r.nextGaussian()))),
        income,
        Math.pow(r.nextDouble(), 1.5) * 0.8,
        poisson(r, 5),
        poisson(r, 0.6),
        Math.exp(9.5 + 0.6 * r.nextGaussian()),
        TERMS[r.nextInt(TERMS.length)],
        utilization,
        30 + r.nextInt(3_620),
        pick(r, EMPLOYMENT, drifted ? EMPLOYMENT_AFTER : EMPLOYMENT_BEFORE),
        pick(r, HOME, HOME_SHARES),
        pick(r, REGION, REGION_SHARES));
  }

  /**
   * Whether this applicant defaults: as the model's score says in the world it was trained on;
   * afterwards the drifted applicants default by rules the score does not know.
   */
  private static boolean defaults(SplittableRandom r, Applicant a, boolean drifted) {
    double p =
        drifted
            ? 0.5 * a.score() + 0.5 * (a.employmentType().equals("contractor") ? 0.6 : 0.1)
            : a.score();
    return r.nextDouble() < p;
  }

  /**
   * Writes the scenario's files under {@code dir}: {@code data/applicants.json} (the latest profile
   * of each applicant, a request for the feature server's {@code /write-to-online-store}), {@code
   * data/predictions.jsonl} and {@code data/labels.jsonl} (in the order they happen), and {@code
   * baseline.json}, the training data's profile with the model's predictions and its performance
   * there. Each prediction event names its applicant ({@code applicant_id}), whose activity the
   * {@code applicant_activity} stream feature view counts.
   *
   * @param start when the first prediction is made; the model was trained then
   */
  public static void write(Path dir, long seed, Instant start) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    SplittableRandom random = new SplittableRandom(seed);
    writeBaseline(dir.resolve("baseline.json"), random.split(), start);
    writeApplicants(data.resolve("applicants.json"), random.split(), start);
    writeEvents(
        data.resolve("predictions.jsonl"), data.resolve("labels.jsonl"), random.split(), start);
  }

  private static void writeBaseline(Path file, SplittableRandom r, Instant start)
      throws IOException {
    Map<String, double[]> numbers = new LinkedHashMap<>();
    Map<String, String[]> categories = new LinkedHashMap<>();
    for (String name :
        List.of(
            "age",
            "income",
            "debt_ratio",
            "credit_lines",
            "late_payments",
            "loan_amount",
            "term_months",
            "utilization",
            "account_age_days")) {
      numbers.put(name, new double[TRAINING_ROWS]);
    }
    for (String name : List.of("employment_type", "home_ownership", "region")) {
      categories.put(name, new String[TRAINING_ROWS]);
    }
    double[] scores = new double[TRAINING_ROWS];
    double[] labels = new double[TRAINING_ROWS];
    BinaryScoreAccumulator performance =
        BinaryScoreAccumulator.withBucketedAuc(0.5, RocAuc.DEFAULT_BUCKETS);
    for (int i = 0; i < TRAINING_ROWS; i++) {
      Applicant a = applicant(r, false);
      numbers.get("age")[i] = a.age();
      numbers.get("income")[i] = round(a.income());
      numbers.get("debt_ratio")[i] = round(a.debtRatio());
      numbers.get("credit_lines")[i] = a.creditLines();
      numbers.get("late_payments")[i] = a.latePayments();
      numbers.get("loan_amount")[i] = round(a.loanAmount());
      numbers.get("term_months")[i] = a.termMonths();
      numbers.get("utilization")[i] = round(a.utilization());
      numbers.get("account_age_days")[i] = a.accountAgeDays();
      categories.get("employment_type")[i] = a.employmentType();
      categories.get("home_ownership")[i] = a.homeOwnership();
      categories.get("region")[i] = a.region();
      scores[i] = a.score();
      labels[i] = defaults(r, a, false) ? 1 : 0;
      performance.add(scores[i], (int) labels[i]);
    }
    // as featurewatch baseline --label fits it, for the job's estimates before the labels; before
    // the scores are profiled, which sorts them
    ProbabilityCalibration calibration =
        ProbabilityCalibration.isotonic(scores, labels, TRAINING_ROWS);
    // and the features' reconstruction model, from the rows, as baseline --multivariate
    List<String> names = new ArrayList<>(numbers.keySet());
    names.addAll(categories.keySet());
    Object[][] rows = new Object[TRAINING_ROWS][names.size()];
    for (int j = 0; j < names.size(); j++) {
      double[] column = numbers.get(names.get(j));
      String[] kinds = categories.get(names.get(j));
      for (int i = 0; i < TRAINING_ROWS; i++) {
        rows[i][j] = column != null ? (Object) column[i] : kinds[i];
      }
    }
    ReconstructionDrift multivariate = ReconstructionDrift.fit(names, categories.keySet(), rows);
    List<Sample> samples = new ArrayList<>();
    numbers.forEach(
        (name, values) -> samples.add(new NumericSample(name, values, MissingCounts.NONE, 0)));
    categories.forEach(
        (name, kinds) -> {
          Map<String, Long> counts = new HashMap<>();
          for (String kind : kinds) {
            counts.merge(kind, 1L, Long::sum);
          }
          samples.add(new CategoricalSample(name, counts, 0));
        });
    Baseline.Builder baseline =
        Baselines.fromSamples(samples, TRAINING_ROWS, 10, "the demo's training data", start)
            .toBuilder()
            .prediction(
                Baselines.profile(
                    new NumericSample("default_probability", scores, MissingCounts.NONE, 0), 10));
    PerformanceMetric.of(performance.result().orElseThrow())
        .forEach((metric, value) -> baseline.performance(metric, value));
    BaselineFile.write(baseline.calibration(calibration).multivariate(multivariate).build(), file);
  }

  /**
   * The applicants' latest profiles as a Feast {@code /write-to-online-store} request: a
   * column-major data frame of the {@code applicant_profile} view.
   */
  private static void writeApplicants(Path file, SplittableRandom r, Instant start)
      throws IOException {
    Map<String, com.fasterxml.jackson.databind.node.ArrayNode> columns = new LinkedHashMap<>();
    ObjectNode request = JSON.createObjectNode();
    request.put("feature_view_name", "applicant_profile");
    ObjectNode frame = request.putObject("df");
    for (int i = 0; i < APPLICANTS; i++) {
      Applicant a = applicant(r, false);
      column(frame, columns, "applicant_id").add(10_001 + i);
      column(frame, columns, "updated_at")
          .add(start.minus(Duration.ofMinutes(r.nextInt(24 * 60))).toString());
      a.json().fields().forEachRemaining(f -> column(frame, columns, f.getKey()).add(f.getValue()));
    }
    JSON.writeValue(file.toFile(), request);
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode column(
      ObjectNode frame,
      Map<String, com.fasterxml.jackson.databind.node.ArrayNode> columns,
      String name) {
    return columns.computeIfAbsent(name, frame::putArray);
  }

  private static void writeEvents(Path predictions, Path labels, SplittableRandom r, Instant start)
      throws IOException {
    List<String[]> labelEvents = new ArrayList<>(); // {time, json}
    long spacing = SPAN.toMillis() / PREDICTIONS;
    try (OutputStream out = Files.newOutputStream(predictions)) {
      for (int i = 0; i < PREDICTIONS; i++) {
        Instant at = start.plusMillis(i * spacing + r.nextLong(spacing));
        boolean drifted = !at.isBefore(start.plus(DRIFT_AFTER));
        Applicant a = applicant(r, drifted);
        ObjectNode event = JSON.createObjectNode();
        String id = "p-" + i;
        event.put("prediction_id", id);
        event.put("model", MODEL);
        event.put("model_version", "1");
        event.put("timestamp", at.toString());
        // every applicant applies about every 2.5 minutes (48 times over the 2 hours)
        event.put("applicant_id", 10_001 + i % APPLICANTS);
        event.set("features", a.json());
        event.put("prediction", round(a.score()));
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
        boolean defaulted = defaults(r, a, drifted);
        if (r.nextDouble() < 0.1) {
          continue; // never labelled
        }
        Instant known = at.plus(Duration.ofSeconds(60 + r.nextLong(29 * 60)));
        ObjectNode label = JSON.createObjectNode();
        label.put("prediction_id", id);
        label.put("timestamp", known.toString());
        label.put("label", defaulted);
        labelEvents.add(new String[] {known.toString(), JSON.writeValueAsString(label)});
      }
    }
    labelEvents.sort(Comparator.comparing(e -> Instant.parse(e[0])));
    try (OutputStream out = Files.newOutputStream(labels)) {
      for (String[] e : labelEvents) {
        out.write(e[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
  }

  private static long poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean);
    double product = r.nextDouble();
    long n = 0;
    while (product > limit) {
      product *= r.nextDouble();
      n++;
    }
    return n;
  }

  private static String pick(SplittableRandom r, String[] values, double[] shares) {
    double u = r.nextDouble();
    for (int i = 0; i < values.length - 1; i++) {
      if (u < shares[i]) {
        return values[i];
      }
      u -= shares[i];
    }
    return values[values.length - 1];
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
