package dev.featurewatch.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.config.ApiTokens.Scope;
import dev.featurewatch.store.config.ApiTokens.Token;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

  private static final String SECRET = "0123456789abcdef";

  @Test
  void shortSecretsNoScopesAndDuplicatesAreRefused() {
    assertThatThrownBy(() -> new Token("a", "short", Set.of(Scope.READ)))
        .hasMessage(
            "token 'a': the secret must be at least 16 characters without surrounding spaces,"
                + " found 5 characters");
    assertThatThrownBy(() -> new Token("a", SECRET, Set.of()))
        .hasMessage("token 'a': give at least one scope");
    Token a = new Token("a", SECRET, Set.of(Scope.READ));
    assertThatThrownBy(
            () -> ApiTokens.of(List.of(a, new Token("a", SECRET + "x", Set.of(Scope.READ)))))
        .hasMessage("two tokens are named 'a'");
    assertThatThrownBy(() -> ApiTokens.of(List.of(a, new Token("b", SECRET, Set.of(Scope.READ)))))
        .hasMessage("token 'b' has the same secret as another token");
  }

  @Test
  void secretsNeverAppearInToString() {
    ApiTokens tokens = ApiTokens.of(List.of(new Token("a", SECRET, Set.of(Scope.READ))));

    assertThat(tokens.toString()).isEqualTo("ApiTokens[Token[a, [read]]]").doesNotContain(SECRET);
    assertThat(ApiTokens.of(List.of())).isSameAs(ApiTokens.NONE);
    assertThat(ApiTokens.NONE.required()).isFalse();
  }

  @Test
  void scopesParseCaseInsensitively() {
    assertThat(Scope.parse("Write")).isEqualTo(Scope.WRITE);
    assertThatThrownBy(() -> Scope.parse("admin"))
        .hasMessage("unknown scope 'admin': expected read or write");
  }

  @Test
  void aPresentedSecretMatchesItsTokenAndNoOther() {
    Token reader = new Token("reader", SECRET, Set.of(Scope.READ));
    Token writer = new Token("writer", SECRET + "w", Set.of(Scope.WRITE));
    ApiTokens tokens = ApiTokens.of(List.of(reader, writer));

    assertThat(tokens.match(SECRET + "w")).contains(writer);
    assertThat(tokens.match(SECRET)).contains(reader);
    assertThat(tokens.match(SECRET + "x")).isEmpty();
  }
}
