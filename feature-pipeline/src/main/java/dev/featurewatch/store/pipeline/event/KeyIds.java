package dev.featurewatch.store.pipeline.event;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.EntityKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity keys as one string, what the job keys its state and partitions its streams by: a string's
 * hash code is specified, so every task manager and every restore agrees on a key's partition,
 * which a record's is not. The values in join-key name order, separated by {@code U+001F}; in a
 * string value a backslash and that separator are escaped with a backslash. One int64 join key
 * {@code 1001} is {@code "1001"}.
 */
@Internal
public final class KeyIds {

  private static final char SEPARATOR = '\u001f';

  /** The id of {@code key}. */
  public static String of(EntityKey key) {
    return of(key.values());
  }

  /** The id of a key with these values, in join-key name order. */
  static String of(List<Object> values) {
    if (values.size() == 1 && values.get(0) instanceof Long l) {
      return Long.toString(l);
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        id.append(SEPARATOR);
      }
      Object value = values.get(i);
      if (value instanceof String s) {
        for (int c = 0; c < s.length(); c++) {
          char ch = s.charAt(c);
          if (ch == '\\' || ch == SEPARATOR) {
            id.append('\\');
          }
          id.append(ch);
        }
      } else {
        id.append(value);
      }
    }
    return id.toString();
  }

  /**
   * The key {@link #of} gave {@code id}.
   *
   * @param joinKeys the view's join keys, in name order, as {@link EntityKey} sorts them
   * @throws IllegalArgumentException {@code id} is not the id of a key of {@code joinKeys}
   */
  public static EntityKey parse(String id, List<Field> joinKeys) {
    List<String> names = new ArrayList<>(joinKeys.size());
    List<Object> values = new ArrayList<>(joinKeys.size());
    StringBuilder part = new StringBuilder();
    int field = 0;
    for (int c = 0; c <= id.length(); c++) {
      char ch = c < id.length() ? id.charAt(c) : SEPARATOR;
      if (ch == '\\' && c + 1 < id.length()) {
        part.append(id.charAt(++c));
      } else if (ch == SEPARATOR) {
        if (field >= joinKeys.size()) {
          throw new IllegalArgumentException(
              "key id '" + id + "' has more values than join keys " + joinKeys);
        }
        Field key = joinKeys.get(field++);
        names.add(key.name());
        values.add(
            key.type() == ValueType.INT64 ? Long.parseLong(part.toString()) : part.toString());
        part.setLength(0);
      } else {
        part.append(ch);
      }
    }
    if (field != joinKeys.size()) {
      throw new IllegalArgumentException(
          "key id '" + id + "' has fewer values than join keys " + joinKeys);
    }
    return new EntityKey(names, values);
  }

  private KeyIds() {}
}
