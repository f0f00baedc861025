package dev.featurewatch.store.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the feature server: bearer tokens ({@code Authorization: Bearer <token>}), each with
 * a name (for logs) and scopes. {@link #NONE} lets every request through, Feast's {@code no_auth}.
 *
 * <p>{@code POST /get-online-features} needs {@link Scope#READ}; {@code /push} and {@code
 * /write-to-online-store} need {@link Scope#WRITE}. {@code /health}, {@code /metrics} and {@code
 * /openapi.json} stay open, for load balancer probes and Prometheus: they answer no feature values.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual} against every
 * configured token, so the time taken does not tell how much of a guess was right.
 */
public final class ApiTokens {

  /** What a token allows. */
  public enum Scope {
    /** Read feature values. */
    READ,
    /** Write rows (push, write-to-online-store). */
    WRITE;

    /** The scope named (case-insensitively) {@code read} or {@code write}. */
    public static Scope parse(String name) {
      for (Scope scope : values()) {
        if (scope.name().equalsIgnoreCase(name)) {
          return scope;
        }
      }
      throw new IllegalArgumentException("unknown scope '" + name + "': expected read or write");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One client's token.
   *
   * @param name who holds it, for logs; never the secret
   * @param secret the bearer token, at least {@value #MIN_SECRET_LENGTH} characters
   * @param scopes what it allows, not empty
   */
  public record Token(String name, String secret, Set<Scope> scopes) {

    /** Shorter secrets are refused: a token is the only thing between a caller and the data. */
    public static final int MIN_SECRET_LENGTH = 16;

    public Token {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(secret, "secret");
      if (secret.length() < MIN_SECRET_LENGTH || !secret.strip().equals(secret)) {
        throw new IllegalArgumentException(
            "token '"
                + name
                + "': the secret must be at least "
                + MIN_SECRET_LENGTH
                + " characters without surrounding spaces, found "
                + secret.length()
                + " characters");
      }
      if (scopes.isEmpty()) {
        throw new IllegalArgumentException("token '" + name + "': give at least one scope");
      }
      scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes)); // in enum order
    }

    /** The name and scopes: the secret never appears in a log. */
    @Override
    public String toString() {
      return "Token[" + name + ", " + scopes + "]";
    }
  }

  /** No authentication: every request is let through. */
  public static final ApiTokens NONE = new ApiTokens(List.of());

  private final List<Token> tokens;
  private final List<byte[]> digests;

  private ApiTokens(List<Token> tokens) {
    this.tokens = List.copyOf(tokens);
    this.digests = this.tokens.stream().map(t -> sha256(t.secret())).toList();
  }

  /**
   * These tokens; an empty list is {@link #NONE}.
   *
   * @throws IllegalArgumentException two tokens with one name or one secret
   */
  public static ApiTokens of(List<Token> tokens) {
    Set<String> names = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (Token token : tokens) {
      if (!names.add(token.name())) {
        throw new IllegalArgumentException("two tokens are named '" + token.name() + "'");
      }
      if (!secrets.add(token.secret())) {
        throw new IllegalArgumentException(
            "token '" + token.name() + "' has the same secret as another token");
      }
    }
    return tokens.isEmpty() ? NONE : new ApiTokens(tokens);
  }

  /** Whether requests must present a token. */
  public boolean required() {
    return !tokens.isEmpty();
  }

  /**
   * The secret of an {@code Authorization} header's value {@code Bearer <secret>} (the scheme in
   * any case, the secret stripped), as HTTP and gRPC calls send it; empty when the value is null,
   * of another scheme, or has no secret.
   */
  public static Optional<String> bearerSecret(String authorization) {
    String prefix = "Bearer ";
    if (authorization == null
        || authorization.length() <= prefix.length()
        || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    String secret = authorization.substring(prefix.length()).strip();
    return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
  }

  /**
   * The token whose secret was presented: every configured token is compared, matched or not, so
   * the time taken does not depend on which one matched, nor on how much of a guess was right.
   *
   * @param secret the secret after {@code Bearer }
   */
  public Optional<Token> match(String secret) {
    byte[] presented = sha256(secret);
    Token match = null;
    for (int i = 0; i < tokens.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), presented)) {
        match = tokens.get(i);
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return required() ? "ApiTokens" + tokens : "ApiTokens[none]";
  }
}
