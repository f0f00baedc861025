package dev.featurewatch.store.serving;

/**
 * A request the server cannot answer because of what it asks: answered 400 (405 for a wrong method)
 * with {@code {"error": code, "detail": message}}. The message names the field, the rule and the
 * value found.
 */
class RequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  RequestException(String code, String detail) {
    this(400, code, detail);
  }

  RequestException(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status answered: 400, or 405 for a wrong method. */
  int status() {
    return status;
  }

  /** A short, stable identifier of the rule broken, e.g. {@code unknown_feature}. */
  String code() {
    return code;
  }
}
