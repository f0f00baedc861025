package dev.featurewatch.app.alerts;

import picocli.CommandLine.Command;

/** {@code featurewatch alerts}: what featurewatch does with Alertmanager's alerts. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Receive Alertmanager's alerts and write their state to the model registry.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AlertsReceiveCommand.class})
public final class AlertsCommand {}
