package dev.featurewatch.app.alerts;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.ServerTls;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * The TLS identity a command's server presents: PEM files, or a PKCS#12 keystore whose password
 * comes from an environment variable (never from the command line, where {@code ps} shows it).
 */
public final class TlsOptions {

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate (then its chain); needs --tls-key.")
  private Path certificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key of --tls-cert (PKCS#8, unencrypted).")
  private Path key;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "Serve HTTPS with this PKCS#12 keystore; its password is read from the environment"
              + " variable --tls-keystore-password-env names.")
  private Path keystore;

  @Option(
      names = "--tls-keystore-password-env",
      paramLabel = "VAR",
      description = "The environment variable holding --tls-keystore's password.")
  private String passwordVariable;

  /**
   * The context of what was given, null for none (plain HTTP).
   *
   * @throws InputException an incomplete or unreadable identity, naming the option and file
   */
  SSLContext context() {
    boolean pem = certificate != null || key != null;
    if (!pem && keystore == null) {
      return null;
    }
    if (pem == (keystore != null) || (pem && (certificate == null || key == null))) {
      throw new InputException(
          "give --tls-cert and --tls-key, or --tls-keystore and --tls-keystore-password-env");
    }
    try {
      if (pem) {
        return ServerTls.pem(certificate, key);
      }
      String password = passwordVariable == null ? null : System.getenv(passwordVariable);
      if (password == null || password.isEmpty()) {
        throw new InputException(
            "--tls-keystore-password-env: "
                + (passwordVariable == null
                    ? "required with --tls-keystore"
                    : "environment variable " + passwordVariable + " is not set or empty"));
      }
      return ServerTls.keystore(keystore, password.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new InputException("--tls-*: " + e.getMessage(), e);
    }
  }
}
