package dev.featurewatch.drift;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;

/**
 * Makes KLL sketches repeatable in tests. KLL compacts with a static, unseeded {@link Random} that
 * DataSketches offers no way to seed; seeding it by reflection before each test or try makes every
 * sketch, and so every assertion on one, the same on every run. A library internal, acceptable in
 * tests: if the field disappears in a DataSketches upgrade, the tests fail loudly here instead of
 * becoming flaky.
 */
public final class KllRandom {

  private KllRandom() {}

  /** Seeds the random source of every KLL sketch in this JVM. */
  public static void seed(long seed) {
    try {
      Field field = KllSketch.class.getDeclaredField("random");
      field.setAccessible(true);
      ((Random) field.get(null)).setSeed(seed);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "DataSketches changed: KllSketch.random is gone, tests cannot seed KLL", e);
    }
  }
}
