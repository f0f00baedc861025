package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.FlinkCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The standalone cluster the submit tests run their jobs on, and what they do with it. */
final class StandaloneFlink {

  private StandaloneFlink() {}

  /**
   * A JobManager and a TaskManager of 2 slots, on Flink's lib from {@code flink-dist} and the JVM
   * options the app declares.
   */
  static FlinkCluster start(Path work) throws IOException, InterruptedException {
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.addAll(
        Arrays.asList(Files.readString(Path.of("target/jvm.options")).trim().split("\\s+")));
    // the test JVM's temporary folder, so the jars and libraries a killed cluster leaves are
    // cleaned with it
    jvmOptions.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    return FlinkCluster.start(
        Path.of("../flink-dist/target/lib").toAbsolutePath().normalize(), work, 2, jvmOptions);
  }

  /** Asks the cluster to cancel {@code jobId}. */
  static void cancel(FlinkCluster flink, String jobId) throws IOException, InterruptedException {
    HttpResponse<String> cancel =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(flink.restUrl().resolve("/jobs/" + jobId + "?mode=cancel"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
  }
}
