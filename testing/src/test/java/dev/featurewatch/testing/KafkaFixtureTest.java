package dev.featurewatch.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaFixtureTest {

  @Test
  void anUnstartedFixtureSaysHowToStartIt() {
    var kafka = new KafkaFixture();

    assertThatThrownBy(kafka::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension static KafkaFixture kafka = new KafkaFixture()");
  }

  @Test
  void closingAnUnstartedFixtureDoesNothing() {
    assertThatCode(() -> new KafkaFixture().close()).doesNotThrowAnyException();
  }

  @Test
  void aTopicNeedsAtLeastOnePartition() {
    assertThatThrownBy(() -> new KafkaFixture().createTopic("t", 0))
        .hasMessage("partitions must be >= 1: 0");
  }
}
