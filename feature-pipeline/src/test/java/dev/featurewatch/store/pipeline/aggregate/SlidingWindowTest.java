package dev.featurewatch.store.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

  /**
   * An event's pane lies in exactly the windows that hold the event, found by trying every window
   * near it; and panes tile every window.
   */
  @Property(tries = 1000, seed = "20261123")
  void anEventsPaneBelongsToExactlyTheWindowsHoldingTheEvent(
      @ForAll @IntRange(min = 1, max = 5_000) int sizeMillis,
      @ForAll @IntRange(min = 1, max = 5_000) int slideMillis,
      @ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long time) {
    int slideMs = Math.min(slideMillis, sizeMillis);
    SlidingWindow window =
        new SlidingWindow(Duration.ofMillis(sizeMillis), Duration.ofMillis(slideMs));
    long size = sizeMillis * 1_000L;
    long slide = slideMs * 1_000L;
    long pane = window.paneMicros();
    assertThat(size % pane).isZero();
    assertThat(slide % pane).isZero();
    long paneStart = window.paneStart(time);
    assertThat(time).isBetween(paneStart, paneStart + pane - 1);

    List<Long> holding = new ArrayList<>();
    for (long end = Math.floorDiv(time - size - slide, slide) * slide;
        end <= time + size + slide;
        end += slide) {
      if (end - size <= time && time < end) {
        holding.add(end);
      }
    }
    List<Long> fromPane = new ArrayList<>();
    for (long end = window.firstWindowEnd(paneStart);
        end <= window.lastWindowEnd(paneStart);
        end += slide) {
      fromPane.add(end);
    }

    assertThat(fromPane).isEqualTo(holding);
    // size / slide windows, rounded down or up when the slide does not divide the size
    assertThat(holding.size()).isBetween((int) (size / slide), (int) ((size + slide - 1) / slide));
  }

  @Test
  void anHourSlidingEveryFiveMinutesHasFiveMinutePanesInTwelveWindows() {
    SlidingWindow window = new SlidingWindow(Duration.ofHours(1), Duration.ofMinutes(5));
    long minute = 60_000_000L;
    long paneStart = window.paneStart(7 * minute + 3);

    assertThat(window.paneMicros()).isEqualTo(5 * minute);
    assertThat(paneStart).isEqualTo(5 * minute);
    assertThat(window.firstWindowEnd(paneStart)).isEqualTo(10 * minute);
    assertThat(window.lastWindowEnd(paneStart)).isEqualTo(65 * minute);
    assertThat(SlidingWindow.tumbling(Duration.ofMinutes(10)).paneMicros()).isEqualTo(10 * minute);
    assertThat(new SlidingWindow(Duration.ofMinutes(10), Duration.ofMinutes(4)).paneMicros())
        .isEqualTo(2 * minute);
  }

  @Test
  void lengthsMustBeWholePositiveMillisecondsAndTheSlideNoLongerThanTheWindow() {
    assertThatThrownBy(() -> SlidingWindow.tumbling(Duration.ZERO))
        .hasMessage("size must be a positive whole number of milliseconds, found PT0S");
    assertThatThrownBy(() -> new SlidingWindow(Duration.ofSeconds(1), Duration.ofNanos(1500)))
        .hasMessage("slide must be a positive whole number of milliseconds, found PT0.0000015S");
    assertThatThrownBy(() -> new SlidingWindow(Duration.ofMinutes(5), Duration.ofMinutes(10)))
        .hasMessage("slide must be at most the window's size PT5M, found PT10M");
  }
}
