package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.input.Instants;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch materialize-incremental END}: each view from where its last materialization
 * ended (or, never materialized, from now minus its ttl, or from its earliest offline date when it
 * has no ttl) up to {@code END}. Running it twice with the same end does nothing the second time.
 */
@Command(
    name = "materialize-incremental",
    mixinStandardHelpOptions = true,
    description = "Copy to the online store what arrived offline since the last materialization.")
public final class MaterializeIncrementalCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "END",
      description = "Exclusive: an ISO-8601 instant or a UTC date (default: --end, else now).")
  private String endParameter;

  @Option(names = "--end", paramLabel = "TIME", description = "The same as END.")
  private String endOption;

  @Mixin private MaterializeCommand.Common common;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    Instant end;
    if (endParameter != null && endOption != null) {
      throw new InputException(
          "give the end once, as END or --end: found END " + endParameter + ", --end " + endOption);
    } else if (endParameter != null) {
      end = Instants.parse("END", endParameter);
    } else if (endOption != null) {
      end = Instants.parse("--end", endOption);
    } else {
      end = Instant.now();
    }
    Instant to = end;
    return common.run(
        spec,
        onlineOption,
        registryOption,
        (materializer, views) ->
            materializer.materializeIncremental(
                views, to, MaterializeCommand.listener(spec.commandLine().getOut())));
  }
}
