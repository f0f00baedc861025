package dev.featurewatch.app.repo;

import picocli.CommandLine.Command;

/** {@code featurewatch run}: the Flink jobs, on a MiniCluster in this process. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a featurewatch Flink job embedded, in this process.",
    synopsisSubcommandLabel = "JOB",
    subcommands = {RunFeaturesCommand.class, RunMonitorsCommand.class})
public final class RunCommand {}
