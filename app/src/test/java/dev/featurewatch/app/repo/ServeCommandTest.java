package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.registry.ApplyResult;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RegistryException;
import dev.featurewatch.store.registry.RegistryVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code featurewatch serve} refuses before serving, and how it caches the registry. */
class ServeCommandTest {

  @TempDir Path dir;

  private Cli serve(String... options) {
    ExampleRepository.register(dir.resolve("registry"));
    String[] args = new String[options.length + 5];
    args[0] = "serve";
    args[1] = "--registry";
    args[2] = dir.resolve("registry").toString();
    args[3] = "--online";
    args[4] = dir.resolve("online").toString();
    System.arraycopy(options, 0, args, 5, options.length);
    return Cli.run(args);
  }

  @Test
  void optionsOutOfRangeAreUsageErrorsNamingTheOption() {
    Cli port = serve("--port", "70000");
    Cli entities = serve("--max-entities", "0");
    Cli ttl = serve("--registry-ttl", "-1");

    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.err()).contains("--port/--max-entities").contains("70000");
    assertThat(entities.exitCode()).isEqualTo(2);
    assertThat(entities.err()).contains("maxEntities must be at least 1: 0");
    assertThat(ttl.exitCode()).isEqualTo(2);
    assertThat(ttl.err()).contains("--registry-ttl must be zero or more seconds: -1");
  }

  @Test
  void aPortInUseIsAUsageErrorNamingThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      int port = taken.getLocalPort();

      Cli refused = serve("--port", Integer.toString(port));

      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err()).contains("--port " + port);
    }
  }

  /** A registry that answers the versions it was given, then fails. */
  private static final class ScriptedRegistry implements Registry {
    final Deque<RegistryVersion> versions = new ArrayDeque<>();
    int reads;

    @Override
    public Optional<RegistryVersion> current() {
      reads++;
      if (versions.isEmpty()) {
        throw new RegistryException("registry unreachable");
      }
      return Optional.of(versions.poll());
    }

    @Override
    public Optional<RegistryVersion> version(long number) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult apply(FeatureRepository repository, boolean force) {
      throw new UnsupportedOperationException();
    }
  }

  /** A registry that answers version 1, then 2, then fails. */
  private static ScriptedRegistry versionsOneAndTwo() {
    ScriptedRegistry registry = new ScriptedRegistry();
    for (long number = 1; number <= 2; number++) {
      registry.versions.add(new RegistryVersion(number, Instant.EPOCH, ExampleRepository.read()));
    }
    return registry;
  }

  @Test
  void theRegistryIsReadAgainAfterItsTtlAndTheLastVersionServedWhenItFails() {
    ScriptedRegistry registry = versionsOneAndTwo();
    ServeCommand.CachedRepository cached =
        new ServeCommand.CachedRepository(registry, Duration.ZERO);

    cached.get();
    assertThat(cached.version()).isEqualTo(1);
    cached.get();
    assertThat(cached.version()).isEqualTo(2);
    FeatureRepository kept = cached.get(); // the registry fails from now on

    assertThat(cached.version()).isEqualTo(2);
    assertThat(kept.featureView("driver_hourly_stats")).isPresent();
    assertThat(registry.reads).isEqualTo(3);
  }

  @Test
  void theRegistryIsNotReadAgainWithinItsTtl() {
    ScriptedRegistry registry = versionsOneAndTwo();
    ServeCommand.CachedRepository cached =
        new ServeCommand.CachedRepository(registry, Duration.ofHours(1));

    cached.get();
    cached.get();

    assertThat(registry.reads).isEqualTo(1);
    assertThat(cached.version()).isEqualTo(1);
  }

  @Test
  void aRegistryThatFailsBeforeAnyVersionFailsTheStart() {
    ServeCommand.CachedRepository cached =
        new ServeCommand.CachedRepository(new ScriptedRegistry(), Duration.ZERO);

    assertThatThrownBy(cached::get)
        .isInstanceOf(RegistryException.class)
        .hasMessage("registry unreachable");
  }
}
