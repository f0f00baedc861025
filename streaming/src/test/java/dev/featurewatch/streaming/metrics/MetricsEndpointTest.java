package dev.featurewatch.streaming.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  @Test
  void aPortOrARangeOfPorts() {
    assertThat(MetricsEndpoint.range("9250")).containsExactly(9250, 9250);
    assertThat(MetricsEndpoint.range("9250-9259")).containsExactly(9250, 9259);
    assertThat(MetricsEndpoint.range("0")).containsExactly(0, 0);
    for (String bad : new String[] {"", "http", "9250-", "-9250", "9259-9250", "1-2-3", "70000"}) {
      assertThatThrownBy(() -> MetricsEndpoint.range(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found '" + bad + "'");
    }
  }
}
