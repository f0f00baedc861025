package dev.featurewatch.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RowCodecPropertiesTest {

  private static final FeatureView VIEW = TestViews.allTypes("v", Duration.ZERO);
  private static final EntityKey KEY = EntityKey.of("id", 1L);

  @Property(seed = "20240501")
  void everyRowRoundTrips(@ForAll("rows") FeatureRow row) {
    FeatureRow decoded = RowCodec.decode(VIEW, KEY, RowCodec.encode(VIEW, row));

    assertThat(decoded).isEqualTo(row);
  }

  @Property(seed = "20240502")
  void byteOrderOfTheHeaderIsTheOrderOfTheTimes(
      @ForAll("rows") FeatureRow a, @ForAll("rows") FeatureRow b) {
    int bytes =
        Integer.signum(
            RowCodec.compareVersions(RowCodec.encode(VIEW, a), RowCodec.encode(VIEW, b)));
    int byEvent = a.eventTime().compareTo(b.eventTime());
    int expected =
        Integer.signum(byEvent != 0 ? byEvent : a.createdTime().compareTo(b.createdTime()));

    assertThat(bytes).isEqualTo(expected);
  }

  @Property(seed = "20240503")
  void keysRoundTripToDistinctBytes(@ForAll("keys") EntityKey a, @ForAll("keys") EntityKey b) {
    assertThat(Arrays.equals(RowCodec.encodeKey("v", a), RowCodec.encodeKey("v", b)))
        .isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<EntityKey> keys() {
    Arbitrary<Object> value =
        Arbitraries.oneOf(
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.strings().ofMaxLength(4).map(s -> (Object) s));
    return Combinators.combine(Arbitraries.of("a", "b", "ab"), value).as(EntityKey::of);
  }

  @Provide
  Arbitrary<FeatureRow> rows() {
    // Whole microseconds: the encoding keeps no finer precision.
    Arbitrary<Instant> instants =
        Arbitraries.longs()
            .between(-62_135_596_800_000_000L, 253_402_300_799_999_999L)
            .map(Times::instant);
    Arbitrary<Long> longs = Arbitraries.longs();
    Arbitrary<Double> doubles =
        Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.of(Double.NaN, -0.0, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
    Arbitrary<String> strings =
        Arbitraries.strings().all().ofMaxLength(20).filter(RowCodecPropertiesTest::wellFormed);
    Arbitrary<Boolean> bools = Arbitraries.of(true, false);
    Arbitrary<List<Double>> lists = doubles.list().ofMaxSize(8);
    return Combinators.combine(
            instants,
            instants,
            Combinators.combine(
                    longs.injectNull(0.2),
                    doubles.injectNull(0.2),
                    strings.injectNull(0.2),
                    bools.injectNull(0.2),
                    instants.injectNull(0.2),
                    lists.injectNull(0.2))
                .as(
                    (l, d, s, b, t, list) ->
                        Arrays.<Object>asList(
                            l, d, s, b, t, list == null ? null : List.copyOf(list))))
        .as((event, created, values) -> new FeatureRow("v", KEY, event, created, values));
  }

  private static boolean wellFormed(String s) {
    return s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
  }
}
