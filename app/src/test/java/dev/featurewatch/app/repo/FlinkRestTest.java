package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.featurewatch.app.input.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FlinkRest} against a fake JobManager that answers each path with a fixed body. */
class FlinkRestTest {

  @TempDir Path dir;

  /** The fake JobManager's answers (status 200) by request path. */
  private final Map<String, String> answers = new ConcurrentHashMap<>();

  private HttpServer server;
  private URI base;
  private Path jar;

  @BeforeEach
  void startTheFakeJobManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              answers
                  .getOrDefault(exchange.getRequestURI().getPath(), "")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    jar = Files.write(dir.resolve("job.jar"), new byte[] {1, 2, 3});
  }

  @AfterEach
  void stopTheFakeJobManager() {
    server.stop(0);
  }

  @Test
  void theJarIdAndTheJobIdAreReadFromFlinksAnswers() {
    answers.put(
        "/jars/upload",
        "{\"filename\": \"/tmp/flink-web/upload/abc_job.jar\", \"status\": \"success\"}");
    answers.put("/jars/abc_job.jar/run", "{\"jobid\": \"0123456789abcdef\"}");
    FlinkRest rest = new FlinkRest(base);

    String jarId = rest.upload(jar);

    assertThat(jarId).isEqualTo("abc_job.jar");
    assertThat(rest.run(jarId, "Main", List.of(), null, null, false)).isEqualTo("0123456789abcdef");
  }

  @Test
  void anAnswerOfAnotherShapeNamesTheEndpointThePathAndTheValueFound() {
    FlinkRest rest = new FlinkRest(base);

    answers.put("/jars/upload", "{\"status\": \"success\"}");
    assertThatThrownBy(() -> rest.upload(jar))
        .isInstanceOf(InputException.class)
        .hasMessage("--flink " + base + ": uploading job.jar: the answer's filename: is required");

    answers.put("/jars/upload", "{\"filename\": \"/tmp/flink-web/upload/\"}");
    assertThatThrownBy(() -> rest.upload(jar))
        .hasMessage(
            "--flink "
                + base
                + ": uploading job.jar: the answer's filename: must be a path ending in the jar's"
                + " id, found \"/tmp/flink-web/upload/\"");

    answers.put("/jars/a.jar/run", "{\"jobid\": 42}");
    assertThatThrownBy(() -> rest.run("a.jar", "Main", List.of(), null, null, false))
        .hasMessage(
            "--flink "
                + base
                + ": running the job: the answer's jobid: must be a non-blank string, found 42");

    answers.put("/jars/a.jar/run", "[\"0123\"]");
    assertThatThrownBy(() -> rest.run("a.jar", "Main", List.of(), null, null, false))
        .hasMessage(
            "--flink "
                + base
                + ": running the job: the answer must be an object, found [\"0123\"]");
  }
}
