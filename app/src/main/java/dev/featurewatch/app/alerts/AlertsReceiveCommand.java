package dev.featurewatch.app.alerts;

import dev.featurewatch.alerting.receiver.AlertReceiver;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.repo.ModelRegistryOption;
import dev.featurewatch.modelregistry.ModelRegistries;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch alerts receive}: Alertmanager's webhook receiver, until stopped. Each alert
 * about a model version is written to that version as a tag ({@code featurewatch.alert.*}), firing
 * or resolved; see {@link AlertReceiver}.
 */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description =
        "Receive Alertmanager's webhook and write each model alert's state to its version.")
public final class AlertsReceiveCommand implements Callable<Integer> {

  @Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  private String host;

  @Option(
      names = "--port",
      defaultValue = "9095",
      paramLabel = "PORT",
      description = "The port to listen on, 0 for a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Mixin private ModelRegistryOption registryOption;

  @Mixin private TlsOptions tlsOptions;

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw new InputException("--port must be between 0 and 65535, found " + port);
    }
    String where = registryOption.location();
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "featurewatch-shutdown");
    SSLContext tls = tlsOptions.context();
    try (AlertReceiver receiver =
        tls == null
            ? new AlertReceiver(ModelRegistries.open(where), host, port)
            : new AlertReceiver(ModelRegistries.open(where), host, port, tls)) {
      try {
        receiver.start();
      } catch (UncheckedIOException e) {
        throw new InputException(e.getMessage() + ": give another --host or --port", e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "receiving Alertmanager's alerts at %s://%s:%d%s, writing them to %s; Ctrl-C"
              + " stops%n",
          tls == null ? "http" : "https", host, receiver.port(), AlertReceiver.PATH, where);
      out.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it is what ended the wait
      }
    }
    return 0;
  }
}
