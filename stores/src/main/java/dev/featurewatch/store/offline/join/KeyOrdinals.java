package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.ValueType;
import java.util.List;

/**
 * One {@code long} per row for a view's join key, the same on the entity side and the view side, so
 * that both sides sort and merge on a single column whatever the key's shape:
 *
 * <ul>
 *   <li>one int64 key: the value itself;
 *   <li>one string key: its code in the entity rows' dictionary (a view row whose string no entity
 *       row has is dropped: it cannot match);
 *   <li>several keys: a dense ordinal per distinct tuple of the entity rows, from an
 *       open-addressing hash table of entity row indices built once per join (no object per row or
 *       per tuple); a view row whose tuple no entity row has is dropped.
 * </ul>
 */
final class KeyOrdinals {

  /** Per entity row, its key as one {@code long}. */
  final long[] entity;

  private final long[][] entityKeys;
  private final boolean mayBeAbsent;
  // the entity row + 1 of the first row of each distinct tuple, 0 where empty; several keys only
  private int[] table;
  private int shift;
  private int distinct;

  /**
   * @param entityKeys the entity columns of the view's join keys, encoded as in {@link EntityRows}
   * @param types their types, in the same order
   * @param size the number of entity rows (the columns may be longer)
   */
  KeyOrdinals(long[][] entityKeys, List<ValueType> types, int size) {
    this.entityKeys = entityKeys;
    if (entityKeys.length == 1) {
      entity = entityKeys[0];
      mayBeAbsent = types.get(0) == ValueType.STRING;
      return;
    }
    mayBeAbsent = true;
    entity = new long[size];
    resize(16);
    for (int e = 0; e < size; e++) {
      int slot = slot(entityKeys, e);
      if (table[slot] == 0) {
        table[slot] = e + 1;
        entity[e] = distinct++;
        if (2 * distinct > table.length) {
          resize(2 * table.length);
        }
      } else {
        entity[e] = entity[table[slot] - 1];
      }
    }
  }

  /**
   * The view rows that can match, and per view row (indexed by row, not by position in {@code
   * rows}) its key as one {@code long}.
   */
  record ViewKeys(long[] ordinals, int[] rows) {}

  /** The keys of {@code size} view rows, whose key columns are in the entity columns' order. */
  ViewKeys view(long[][] keys, int size) {
    if (keys.length == 1) {
      long[] codes = keys[0];
      if (!mayBeAbsent) {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
          rows[i] = i;
        }
        return new ViewKeys(codes, rows);
      }
      return new ViewKeys(codes, present(codes, size));
    }
    long[] ordinals = new long[size];
    for (int i = 0; i < size; i++) {
      int e = table[slot(keys, i)] - 1;
      ordinals[i] = e < 0 ? -1 : entity[e];
    }
    return new ViewKeys(ordinals, present(ordinals, size));
  }

  /** The rows with a code or ordinal ≥ 0 (-1 marks a key no entity row has). */
  private static int[] present(long[] codes, int size) {
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (codes[i] >= 0) {
        count++;
      }
    }
    int[] rows = new int[count];
    int next = 0;
    for (int i = 0; i < size; i++) {
      if (codes[i] >= 0) {
        rows[next++] = i;
      }
    }
    return rows;
  }

  /** The slot holding the tuple of {@code row} of {@code keys}, or the empty slot where it goes. */
  private int slot(long[][] keys, int row) {
    long hash = 0;
    for (long[] column : keys) {
      hash = (Long.rotateLeft(hash, 21) ^ column[row]) * 0x9E3779B97F4A7C15L;
    }
    int mask = table.length - 1;
    int slot = (int) (hash >>> shift);
    while (table[slot] != 0 && !sameTuple(keys, row, table[slot] - 1)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private boolean sameTuple(long[][] keys, int row, int entityRow) {
    for (int k = 0; k < keys.length; k++) {
      if (keys[k][row] != entityKeys[k][entityRow]) {
        return false;
      }
    }
    return true;
  }

  /** A table of {@code capacity} (a power of two) slots holding the distinct tuples seen so far. */
  private void resize(int capacity) {
    int[] old = table;
    table = new int[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    if (old != null) {
      for (int entry : old) {
        if (entry != 0) {
          table[slot(entityKeys, entry - 1)] = entry;
        }
      }
    }
  }
}
