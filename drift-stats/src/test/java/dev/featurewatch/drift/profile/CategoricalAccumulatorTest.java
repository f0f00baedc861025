package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class CategoricalAccumulatorTest {

  private static CategoricalAccumulator of(String... values) {
    CategoricalAccumulator acc = CategoricalAccumulator.create("f");
    for (String v : values) {
      acc.add(v);
    }
    return acc;
  }

  @Test
  void countsCategoriesMostFrequentFirstThenByName() {
    CategoricalProfile p = of("c", "b", "a", "c", "b", "c", "d", null, "").toProfile();

    assertThat(p.categories())
        .containsExactly(entry("c", 3L), entry("b", 2L), entry("a", 1L), entry("d", 1L));
    assertThat(p.count()).isEqualTo(7);
    assertThat(p.missing()).isEqualTo(new MissingCounts(2, 0, 0, 0));
    assertThat(p.other()).isZero();
    assertThat(p.distinct()).isEqualTo(4);
    assertThat(p.distinctCapped()).isFalse();
    assertThat(p.type()).isEqualTo(FeatureType.CATEGORICAL);
  }

  @Test
  void categoriesBeyondTopKAreCountedAsOther() {
    CategoricalProfile p = of("c", "b", "a", "c", "b", "c", "d").toProfile(2);

    assertThat(p.categories()).containsExactly(entry("c", 3L), entry("b", 2L));
    assertThat(p.other()).isEqualTo(2);
    assertThat(p.count()).isEqualTo(7);
    assertThat(p.distinct()).isEqualTo(4);
  }

  @Test
  void newCategoriesBeyondTheCapAreCountedAsOtherAndTheTotalStaysExact() {
    CategoricalAccumulator acc = CategoricalAccumulator.create("f", 2);
    for (String v : new String[] {"a", "b", "c", "c", "a", "d"}) {
      acc.add(v);
    }

    CategoricalProfile p = acc.toProfile();

    assertThat(p.categories()).containsExactly(entry("a", 2L), entry("b", 1L));
    assertThat(p.other()).isEqualTo(3);
    assertThat(p.count()).isEqualTo(6);
    // a and b are tracked, and at least one more category was seen
    assertThat(p.distinct()).isEqualTo(3);
    assertThat(p.distinctCapped()).isTrue();
  }

  @Test
  void mergeAddsCountsAndLeavesTheOtherAccumulatorUnchanged() {
    CategoricalAccumulator a = of("x", "y");
    CategoricalAccumulator b = of("y", "z", null);
    CategoricalProfile before = b.toProfile();

    a.merge(b);

    assertThat(a.toProfile().categories())
        .containsExactly(entry("y", 2L), entry("x", 1L), entry("z", 1L));
    assertThat(a.toProfile().missing().nulls()).isEqualTo(1);
    assertThat(b.toProfile()).isEqualTo(before);
  }

  @Test
  void mergeRejectsAnotherFeature() {
    assertThatThrownBy(
            () -> CategoricalAccumulator.create("a").merge(CategoricalAccumulator.create("b")))
        .hasMessage("cannot merge profiles of different features: 'a' and 'b'");
  }

  @Test
  void topKAndCapMustBePositive() {
    assertThatThrownBy(() -> of().toProfile(0)).hasMessage("topK must be >= 1: 0");
    assertThatThrownBy(() -> CategoricalAccumulator.create("f", 0))
        .hasMessage("maxTracked must be >= 1: 0");
  }

  @Test
  void liveCountsAreAlignedToTheReferenceCategories() {
    CategoricalProfile reference = of("a", "a", "a", "b", "b", "c", "d").toProfile(3);
    CategoricalAccumulator live = CategoricalAccumulator.alignedTo(reference);
    for (String v : new String[] {"b", "b", "e", "e", "e", "d", "f"}) {
      live.add(v);
    }

    AlignedCounts counts = live.toProfile().countsAlignedTo(reference);

    // buckets: a, b, c (the reference's order), then everything else
    assertThat(counts.reference()).containsExactly(3, 2, 1, 1);
    assertThat(counts.live()).containsExactly(0, 2, 0, 5);
    assertThat(counts.unseenCategories()).containsExactly("e", "d", "f");
  }

  @Test
  void unseenCategoriesAreBounded() {
    CategoricalProfile reference = of("a").toProfile();
    CategoricalProfile live = of("a", "x", "y", "y", "z").toProfile();

    assertThat(live.countsAlignedTo(reference, 2).unseenCategories()).containsExactly("y", "x");
  }

  @Test
  void alignedLiveAccumulatorKeepsReferenceCategoriesBeyondTopKAndCap() {
    CategoricalProfile reference = of("rare", "common", "common").toProfile();
    CategoricalAccumulator live = CategoricalAccumulator.alignedTo(reference);
    for (int i = 0; i < 200; i++) {
      live.add("new" + i);
      live.add("new" + i);
    }
    live.add("rare");

    CategoricalProfile profile = live.toProfile(5);
    AlignedCounts counts = profile.countsAlignedTo(reference);

    assertThat(profile.categories()).containsEntry("rare", 1L).containsEntry("common", 0L);
    assertThat(counts.live()).containsExactly(0, 1, 400);
  }

  @Test
  void aligningALiveProfileThatMayHideAReferenceCategoryIsRejected() {
    CategoricalProfile reference = of("a", "b").toProfile();
    CategoricalProfile live = of("x", "x", "b").toProfile(1);

    assertThatThrownBy(() -> live.countsAlignedTo(reference))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may hide reference category 'a' in its other count 1")
        .hasMessageContaining("CategoricalAccumulator.alignedTo(reference)");
  }

  @Test
  void liveProfileRetainingAllItsCategoriesAlignsWithoutPinning() {
    CategoricalProfile reference = of("a", "b").toProfile();
    CategoricalProfile live = of("b", "b", "z").toProfile();

    assertThat(live.countsAlignedTo(reference).live()).containsExactly(0, 2, 1);
  }

  @Test
  void builderRejectsFewerDistinctThanCategoriesCounted() {
    assertThatThrownBy(
            () ->
                CategoricalProfile.builder("f")
                    .category("a", 1)
                    .other(3)
                    .distinct(1, false)
                    .build())
        .hasMessage("distinct must be >= the categories with a count plus 1 for other (2): 1");
  }

  @Test
  void builderRejectsARepeatedCategory() {
    assertThatThrownBy(() -> CategoricalProfile.builder("f").category("a", 1).category("a", 2))
        .hasMessage("category must not repeat: 'a'");
  }
}
