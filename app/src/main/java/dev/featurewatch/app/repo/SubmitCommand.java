package dev.featurewatch.app.repo;

import picocli.CommandLine.Command;

/** {@code featurewatch submit}: the Flink jobs, on a Flink cluster. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Submit a featurewatch Flink job to a Flink cluster, over its REST API.",
    synopsisSubcommandLabel = "JOB",
    subcommands = {SubmitFeaturesCommand.class, SubmitMonitorsCommand.class})
public final class SubmitCommand {}
