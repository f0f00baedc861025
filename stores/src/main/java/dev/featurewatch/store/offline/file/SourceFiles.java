package dev.featurewatch.store.offline.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a file source's path names: a file; a directory, read recursively, hive-style
 * partitions such as {@code date=2026-01-01/} included; or a glob such as {@code data/*.parquet} or
 * {@code lake/**}{@code /*.csv}. Hidden files ({@code .name}, {@code _name}: {@code _SUCCESS},
 * checksums, files being written) are left out, as pyarrow and Spark leave them out. Sorted by
 * path, so the read order, which breaks ties of equal event and created time, is the same every
 * time.
 */
final class SourceFiles {

  private SourceFiles() {}

  /**
   * The files of {@code path}, relative to {@code base} unless absolute.
   *
   * @throws FileDataException nothing exists there, or a glob or directory matches no file
   */
  static List<Path> expand(Path base, String path, String source) {
    int glob = firstGlobCharacter(path);
    if (glob < 0) {
      Path resolved = base.resolve(path).normalize();
      if (Files.isRegularFile(resolved)) {
        return List.of(resolved);
      }
      if (!Files.isDirectory(resolved)) {
        throw new FileDataException(
            "source '" + source + "': path " + resolved + " does not exist");
      }
      return walk(resolved, resolved, null, source, path);
    }
    int slash = path.lastIndexOf('/', glob);
    Path root = base.resolve(slash < 0 ? "." : path.substring(0, slash + 1)).normalize();
    if (!Files.isDirectory(root)) {
      throw new FileDataException(
          "source '"
              + source
              + "': path "
              + root
              + " (the start of '"
              + path
              + "') does not exist");
    }
    PathMatcher matcher =
        FileSystems.getDefault().getPathMatcher("glob:" + path.substring(slash + 1));
    return walk(root, root, matcher, source, path);
  }

  private static List<Path> walk(
      Path root, Path dir, PathMatcher matcher, String source, String path) {
    try (Stream<Path> entries = Files.walk(dir)) {
      List<Path> files =
          entries
              .filter(Files::isRegularFile)
              .filter(p -> !hidden(root.relativize(p)))
              .filter(p -> matcher == null || matcher.matches(root.relativize(p)))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new FileDataException(
            "source '" + source + "': path '" + path + "' matches no file under " + root);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("source '" + source + "': cannot list " + dir, e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static int firstGlobCharacter(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }
}
