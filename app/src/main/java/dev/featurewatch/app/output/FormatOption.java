package dev.featurewatch.app.output;

import dev.featurewatch.app.input.InputException;
import picocli.CommandLine.Option;

/** {@code --format table|json}, for the commands that print either. */
public final class FormatOption {

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  private String format;

  /** Whether JSON was asked for; any format but table or json is bad input. */
  public boolean json() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new InputException("--format must be table or json: " + format);
    }
    return format.equals("json");
  }
}
