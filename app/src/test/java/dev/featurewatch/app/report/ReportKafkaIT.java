package dev.featurewatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.app.Main;
import dev.featurewatch.testing.KafkaFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code featurewatch report --results kafka:TOPIC}, on a real broker. */
class ReportKafkaIT {

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @Test
  void theHistoryIsReadFromTheResultsTopic() throws IOException {
    List<String> lines;
    try (InputStream in = ReportKafkaIT.class.getResourceAsStream("results.jsonl")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    KAFKA.createTopic("results", 2);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      records.add(new ProducerRecord<>("results", i % 2, null, lines.get(i)));
    }
    KAFKA.send(records);

    Cli cli = Cli.run("report", "--results", "kafka:results", "--kafka", KAFKA.bootstrapServers());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("<title>Monitoring history: loan_champion</title>");
    // every drift line of the topic's two partitions, in window order
    assertThat(cli.out().split("\"type\":\"drift\"", -1)).hasSize(4);
  }

  @Test
  void aTopicThatDoesNotExistIsNamed() {
    Cli cli =
        Cli.run("report", "--results", "kafka:nothing-here", "--kafka", KAFKA.bootstrapServers());

    assertThat(cli.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(cli.err()).contains("--results kafka:nothing-here: no such topic on");
  }
}
