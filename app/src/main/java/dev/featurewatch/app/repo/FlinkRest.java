package dev.featurewatch.app.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The part of Flink's REST API that submits a job jar: upload, run, delete. A JobManager runs the
 * jar's main to build the job graph, so a failing main comes back as this request's error.
 */
final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param base the JobManager's REST address, e.g. {@code http://localhost:8081}
   */
  FlinkRest(URI base) {
    this.base = base;
  }

  /**
   * Uploads {@code jar} and returns its id on the cluster.
   *
   * @throws InputException the cluster cannot be reached or refuses the jar
   */
  String upload(Path jar) {
    String boundary = "featurewatch-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    BodyPublisher body;
    try {
      body =
          BodyPublishers.concat(
              BodyPublishers.ofString(head),
              BodyPublishers.ofFile(jar),
              BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
    } catch (IOException e) {
      throw new InputException("--jar " + jar + ": cannot read: " + e.getMessage(), e);
    }
    String what = "uploading " + jar.getFileName();
    JsonFields<InputException> answer =
        answer(
            send(
                HttpRequest.newBuilder(base.resolve("/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(body),
                what),
            what);
    // the jar's path on the JobManager, whose last part is the jar's id
    String file = answer.nonBlankText("filename");
    String id = file.substring(file.lastIndexOf('/') + 1);
    if (id.isBlank()) {
      throw answer.problem(
          "filename",
          "must be a path ending in the jar's id, found "
              + JsonChecks.describe(answer.get("filename")));
    }
    return id;
  }

  /**
   * Runs an uploaded jar's {@code entryClass} with {@code args} and returns the job id.
   *
   * @param parallelism the job's default parallelism; null for the cluster's
   * @param savepoint a savepoint or retained checkpoint to start from; null for none
   * @throws InputException the main failed (its message says why) or the cluster refused
   */
  String run(
      String jarId,
      String entryClass,
      List<String> args,
      Integer parallelism,
      String savepoint,
      boolean allowNonRestoredState) {
    ObjectNode request = JSON.createObjectNode();
    request.put("entryClass", entryClass);
    request.putPOJO("programArgsList", args);
    if (parallelism != null) {
      request.put("parallelism", parallelism);
    }
    if (savepoint != null) {
      request.put("savepointPath", savepoint);
      request.put("allowNonRestoredState", allowNonRestoredState);
    }
    String what = "running the job";
    JsonNode answer =
        send(
            HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(request.toString())),
            what);
    return answer(answer, what).nonBlankText("jobid");
  }

  /** Deletes an uploaded jar; the submitted job keeps its own copy. */
  void delete(String jarId) {
    send(HttpRequest.newBuilder(base.resolve("/jars/" + jarId)).DELETE(), "deleting the jar");
  }

  /**
   * A cursor over a successful answer to {@code what}; an answer of another shape than the one read
   * is an {@link InputException}: "--flink BASE: WHAT: the answer's PATH: RULE, found VALUE".
   */
  private JsonFields<InputException> answer(JsonNode answer, String what) {
    return JsonFields.of(
        answer,
        "",
        (path, rule) ->
            new InputException(
                "--flink "
                    + base
                    + ": "
                    + what
                    + ": "
                    + (path.isEmpty() ? "the answer " : "the answer's " + path + ": ")
                    + rule));
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new InputException(
          "--flink " + base + ": no Flink JobManager answers there (" + e + ")", e);
    } catch (IOException e) {
      throw new InputException("--flink " + base + ": " + what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("interrupted while " + what, e);
    }
    JsonNode body;
    try {
      body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new InputException(
          "--flink " + base + ": " + what + ": not a Flink REST answer: " + response.body(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new InputException(
          "the Flink cluster at " + base + " refused " + what + ": " + cause(body));
    }
    return body;
  }

  /**
   * The root cause in Flink's error answer: its errors hold stack traces whose last {@code Caused
   * by:} is the exception the job's main threw.
   */
  static String cause(JsonNode answer) {
    String cause = null;
    for (JsonNode error : answer.path("errors")) {
      for (String line : error.asText().split("\n")) {
        if (line.startsWith("Caused by: ")) {
          cause = line.substring("Caused by: ".length());
        } else if (cause == null && !line.isBlank() && !line.startsWith("\t")) {
          cause = line;
        }
      }
    }
    return cause == null ? answer.toString() : cause;
  }
}
