package dev.featurewatch.store.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS identity of a featurewatch server (the feature server, the alert receiver): a PEM
 * certificate chain and its private key, or a PKCS#12 keystore, as an {@link SSLContext} the JDK's
 * {@code HttpsServer} takes. Read with the JDK alone: a PEM key must be PKCS#8 and unencrypted
 * ({@code BEGIN PRIVATE KEY}), RSA or EC; other forms are refused with the {@code openssl} line
 * that converts them.
 *
 * <pre>{@code
 * SSLContext tls = ServerTls.pem(Path.of("server.pem"), Path.of("server.key"));
 * }</pre>
 */
public final class ServerTls {

  private static final Pattern PEM_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private ServerTls() {}

  /**
   * The context of a PEM certificate file (the server's certificate first, then its chain) and a
   * PEM private key file.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static SSLContext pem(Path certificateFile, Path keyFile) {
    List<Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      return context(store, NO_PASSWORD);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          keyFile + " does not go with " + certificateFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The context of a PKCS#12 keystore holding one private key and its certificate chain.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it (a wrong password
   *     included; the password itself is never in the message)
   */
  public static SSLContext keystore(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return context(store, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the PKCS#12 keystore "
              + file
              + " (a wrong password reads as a corrupt file): "
              + e.getMessage(),
          e);
    }
  }

  private static SSLContext context(KeyStore store, char[] password)
      throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static List<Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no PEM certificate");
      }
      return List.copyOf(read);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the certificates of " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the private key " + file, e);
    }
    Matcher block = PEM_KEY.matcher(text);
    if (!block.find()) {
      throw new IllegalArgumentException(file + " holds no PEM private key");
    }
    if (!block.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          file
              + " holds a '"
              + block.group(1)
              + "' block; featurewatch reads unencrypted PKCS#8 keys ('PRIVATE KEY'): convert"
              + " it with openssl pkcs8 -topk8 -nocrypt -in "
              + file
              + " -out server.key");
    }
    byte[] der = Base64.getMimeDecoder().decode(block.group(2));
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // not this algorithm: try the next
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the private key " + file, e);
      }
    }
    throw new IllegalArgumentException(file + " holds a private key that is neither RSA nor EC");
  }
}
