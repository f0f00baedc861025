package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AccumulatorCodecTest {

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static DataInputStream roundTrip(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    }
    return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static NumericAccumulator copy(NumericAccumulator acc) throws IOException {
    return AccumulatorCodec.readNumeric(roundTrip(out -> AccumulatorCodec.write(acc, out)));
  }

  private static CategoricalAccumulator copy(CategoricalAccumulator acc) throws IOException {
    return AccumulatorCodec.readCategorical(roundTrip(out -> AccumulatorCodec.write(acc, out)));
  }

  @Test
  void aNumericAccumulatorAlignedToAReferenceComesBackWhole() throws IOException {
    double[] ref = new double[1000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 4;
    }
    NumericProfile reference = NumericProfile.ofReference("n", ref, 10);
    NumericAccumulator acc = NumericAccumulator.alignedTo(reference);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 5000; i++) {
      acc.add(random.nextInt(40)); // beyond the tracked values: counted against the reference's
    }
    acc.addNull();
    acc.add(Double.NaN);

    NumericAccumulator restored = copy(acc);

    assertThat(restored.toProfile()).isEqualTo(acc.toProfile());
    // and it goes on: exact counts keep adding up
    for (NumericAccumulator a : new NumericAccumulator[] {acc, restored}) {
      a.add(2);
      a.add(100);
    }
    NumericProfile after = restored.toProfile();
    assertThat(after.count()).isEqualTo(5002);
    assertThat(after.binCounts()).isEqualTo(acc.toProfile().binCounts());
    assertThat(after.valueCountsAlignedTo(reference).live())
        .isEqualTo(acc.toProfile().valueCountsAlignedTo(reference).live());
    assertThat(after.mean())
        .isEqualTo(acc.toProfile().mean(), org.assertj.core.api.Assertions.within(1e-12));
  }

  /**
   * Flink's heap state backend writes a window for an asynchronous snapshot on one thread while the
   * task copies it through the same bytes on another. Writing hands the buffered values to the
   * sketch: two writers at once handed them twice and corrupted it (wrong counts, or KLL's update
   * failing), which failed over the monitoring job.
   */
  @Test
  void writersAtOnceWriteTheSameBytes() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        NumericAccumulator acc = NumericAccumulator.create("x", 64, BinEdges.of(0, 1, 2));
        // a sketch past its first compaction, and a buffer not yet handed to it
        for (int i = 0; i < 3 * NumericAccumulator.BUFFER_SIZE + 200; i++) {
          acc.add(random.nextDouble(3));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<byte[]>> written = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          written.add(
              threads.submit(
                  () -> {
                    start.await();
                    return bytes(acc);
                  }));
        }
        start.countDown();
        byte[] after = bytes(acc);
        for (Future<byte[]> w : written) {
          assertThat(w.get()).isEqualTo(after);
        }
        assertThat(copy(acc).toProfile().count())
            .isEqualTo(3 * NumericAccumulator.BUFFER_SIZE + 200);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static byte[] bytes(NumericAccumulator acc) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      AccumulatorCodec.write(acc, out);
    }
    return bytes.toByteArray();
  }

  @Test
  void aNumericAccumulatorTrackingFewValuesAndAnEmptyOneComeBack() throws IOException {
    NumericAccumulator few = NumericAccumulator.create("few", 64, BinEdges.of(0, 1, 2));
    few.add(1);
    few.add(1);
    few.add(1.5);
    NumericAccumulator empty = NumericAccumulator.create("empty");

    assertThat(copy(few).toProfile()).isEqualTo(few.toProfile());
    assertThat(copy(empty).toProfile()).isEqualTo(empty.toProfile());
  }

  @Test
  void aCategoricalAccumulatorKeepsEveryTrackedCategoryAndItsPins() throws IOException {
    CategoricalAccumulator acc =
        CategoricalAccumulator.alignedTo(
            CategoricalProfile.builder("c")
                .category("a", 5)
                .category("b", 3)
                .distinct(2, false)
                .build());
    for (int i = 0; i < 300; i++) {
      acc.add("v" + (i % 150)); // more categories than a profile's top 100
    }
    acc.add("a");
    acc.add(null);

    CategoricalAccumulator restored = copy(acc);

    assertThat(restored.toProfile(1000)).isEqualTo(acc.toProfile(1000));
    assertThat(restored.toProfile()).isEqualTo(acc.toProfile());
    restored.add("v7");
    acc.add("v7");
    assertThat(restored.toProfile(1000)).isEqualTo(acc.toProfile(1000));
  }

  @Test
  void theCapOnTrackedCategoriesStillHoldsAfterARestore() throws IOException {
    CategoricalAccumulator acc = CategoricalAccumulator.create("c", 2);
    acc.add("a");
    acc.add("b");
    CategoricalAccumulator restored = copy(acc);
    restored.add("c");
    acc.add("c");

    assertThat(restored.toProfile()).isEqualTo(acc.toProfile());
    assertThat(restored.toProfile().other()).isEqualTo(1);
  }

  @Test
  void bytesOfAnotherKindAreRefused() throws IOException {
    NumericAccumulator acc = NumericAccumulator.create("x");
    assertThatThrownBy(
            () ->
                AccumulatorCodec.readCategorical(
                    roundTrip(out -> AccumulatorCodec.write(acc, out))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected a categorical accumulator");
  }
}
