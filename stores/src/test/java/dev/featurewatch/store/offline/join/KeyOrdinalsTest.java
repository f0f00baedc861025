package dev.featurewatch.store.offline.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrdinalsTest {

  @Test
  void anInt64KeyIsItsOwnOrdinalAndEveryViewRowCanMatch() {
    long[] entity = {-5, 1001, -5};
    KeyOrdinals keys = new KeyOrdinals(new long[][] {entity}, List.of(ValueType.INT64), 3);

    KeyOrdinals.ViewKeys view = keys.view(new long[][] {{-1, 1001, 7}}, 3);

    assertThat(keys.entity).containsExactly(-5, 1001, -5);
    assertThat(view.ordinals()).containsExactly(-1, 1001, 7);
    assertThat(view.rows()).containsExactly(0, 1, 2);
  }

  @Test
  void aStringKeyIsItsCodeAndAStringNoEntityHasIsDropped() {
    // codes of the entity dictionary; -1: a string no entity row has
    KeyOrdinals keys = new KeyOrdinals(new long[][] {{0, 1, 0}}, List.of(ValueType.STRING), 3);

    KeyOrdinals.ViewKeys view = keys.view(new long[][] {{1, -1, 0, -1}}, 4);

    assertThat(view.rows()).containsExactly(0, 2);
    assertThat(view.ordinals()[0]).isEqualTo(1);
    assertThat(view.ordinals()[2]).isZero();
  }

  @Test
  void severalKeysGetOneDenseOrdinalPerDistinctTuple() {
    long[] id = {7, 7, 8, 7, -1};
    long[] name = {0, 1, 0, 0, 1};
    KeyOrdinals keys =
        new KeyOrdinals(new long[][] {id, name}, List.of(ValueType.INT64, ValueType.STRING), 5);

    KeyOrdinals.ViewKeys view = keys.view(new long[][] {{8, 7, 9, -1, 7}, {0, 1, 0, 1, -1}}, 5);

    assertThat(keys.entity).containsExactly(0, 1, 2, 0, 3);
    assertThat(view.rows()).containsExactly(0, 1, 3); // (9, 0) and (7, -1): no entity row
    assertThat(view.ordinals()).containsExactly(2, 1, -1, 3, -1);
  }

  @Test
  void manyTuplesStayDistinctAcrossTableGrowth() {
    int n = 50_000;
    long[] a = new long[n];
    long[] b = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = i % 1000;
      b[i] = i / 1000 * 31; // 50 values
    }
    KeyOrdinals keys =
        new KeyOrdinals(new long[][] {a, b}, List.of(ValueType.INT64, ValueType.INT64), n);

    // every entity tuple is distinct, so the ordinals are 0..n-1 in first-seen order
    for (int i = 0; i < n; i++) {
      assertThat(keys.entity[i]).isEqualTo(i);
    }
    KeyOrdinals.ViewKeys view = keys.view(new long[][] {{999, 999}, {49 * 31, 50 * 31}}, 2);
    assertThat(view.ordinals()).containsExactly(n - 1, -1);
  }
}
