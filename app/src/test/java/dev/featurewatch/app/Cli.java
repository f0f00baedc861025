package dev.featurewatch.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Runs the featurewatch command in-process and keeps what it printed. */
public record Cli(int exitCode, String out, String err) {

  /** The repository root, for the bundled example data (tests run in the module folder). */
  public static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  public static String example(String name) {
    return ROOT.resolve("examples/drift").resolve(name).toString();
  }
}
