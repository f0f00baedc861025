package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.store.registry.RegistryException;
import dev.featurewatch.store.registry.RegistryVersion;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the registry lives, shared by the commands that read or write it: a directory (the embedded
 * default) or a Redis URL, which any number of servers can share.
 */
final class RegistryOption {

  @Option(
      names = "--registry",
      paramLabel = "DIR|redis://HOST:PORT",
      description =
          "The registry: a directory, or a Redis URL to share it between servers"
              + " (default: <repo>/"
              + RepositoryConfig.DEFAULT_REGISTRY
              + ", or registry in <repo>/featurewatch.yaml).")
  String location;

  @Option(
      names = "--registry-name",
      paramLabel = "NAME",
      description =
          "The registry's name in Redis, for several registries in one Redis (default: default, or"
              + " registry_name in <repo>/featurewatch.yaml).")
  String name;

  /**
   * The current registry version.
   *
   * @throws InputException if nothing was applied yet, saying how to fix it
   */
  RegistryVersion current(Path repo) {
    try (Registries.Opened opened = open(repo)) {
      return opened
          .registry()
          .current()
          .orElseThrow(
              () ->
                  new InputException(
                      "the registry is empty: run 'featurewatch apply --repo " + repo + "' first"));
    }
  }

  /** The settings' registry, or the one given with {@code --registry}; the caller closes it. */
  Registries.Opened open(Path repo) {
    try {
      return Registries.open(location(repo), name(repo));
    } catch (RegistryException e) {
      throw new InputException("--registry: " + e.getMessage(), e);
    }
  }

  /** Where the registry is: the option, else the repository's setting. */
  String location(Path repo) {
    return location != null ? location : RepositoryConfig.read(repo).registry();
  }

  /** The registry's name in Redis: the option, else the repository's setting. */
  String name(Path repo) {
    return name != null ? name : RepositoryConfig.read(repo).registryName();
  }
}
