package dev.featurewatch.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

  @TempDir Path dir;
  private TestCertificates certificates;

  @BeforeEach
  void makeCertificates() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  @Test
  void pemFilesAndAKeystoreGiveAContextServingTheirCertificate() throws Exception {
    for (SSLContext context :
        new SSLContext[] {
          ServerTls.pem(certificates.certificate(), certificates.key()),
          ServerTls.keystore(certificates.keystore(), certificates.password().toCharArray())
        }) {
      assertThat(context.createSSLEngine().getSSLParameters().getProtocols()).isNotEmpty();
      assertThat(context.getProtocol()).isEqualTo("TLS");
    }
  }

  @Test
  void aKeyOfAnotherFormIsRefusedWithTheLineThatConvertsIt() throws Exception {
    Path pkcs1 =
        Files.writeString(
            dir.resolve("rsa.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> ServerTls.pem(certificates.certificate(), pkcs1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            pkcs1
                + " holds a 'RSA PRIVATE KEY' block; featurewatch reads unencrypted PKCS#8 keys"
                + " ('PRIVATE KEY'): convert it with openssl pkcs8 -topk8 -nocrypt -in "
                + pkcs1
                + " -out server.key");
  }

  @Test
  void aWrongKeystorePasswordNamesTheFileButNeverThePassword() {
    assertThatThrownBy(
            () -> ServerTls.keystore(certificates.keystore(), "not-the-password".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read the PKCS#12 keystore " + certificates.keystore())
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void theServingSettingsReadTlsFromPemFilesOrAKeystoreWithItsPasswordFromTheEnvironment()
      throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        "serving:\n  tls:\n    cert_file: ../server.pem\n    key_file: ../server.key\n");
    assertThat(RepositoryConfig.read(repo, name -> null).serving().tls()).isNotNull();

    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        "serving:\n  tls:\n    keystore: ../server.p12\n    keystore_password_env: KS\n");
    assertThat(
            RepositoryConfig.read(repo, name -> name.equals("KS") ? certificates.password() : null)
                .serving()
                .tls())
        .isNotNull();
    assertThatThrownBy(() -> RepositoryConfig.read(repo, name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "featurewatch.yaml:4: serving.tls.keystore_password_env: environment variable KS is"
                + " not set or empty");

    Files.writeString(
        repo.resolve("featurewatch.yaml"), "serving:\n  tls:\n    cert_file: ../server.pem\n");
    assertThatThrownBy(() -> RepositoryConfig.read(repo, name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "featurewatch.yaml:2: serving.tls: give cert_file and key_file (PEM), or keystore"
                + " (PKCS#12) with keystore_password_env or keystore_password_file");
  }
}
