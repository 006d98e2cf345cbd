package io.tabml.cli;

import io.tabml.client.Champion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback",
        description = {"Make the previous champion the champion again (admin key).",
            "The previous champion is the one the current champion replaced, so rolling back twice undoes the roll-back."},
        footerHeading = "%nExamples:%n", footer = {"  tabml rollback churn", "  tabml rollback churn --reason \"v4 misses the new region\""})
final class RollbackCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the champion history (default: 'rolled back from version N').")
    String reason;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Champion champion;
        try {
            champion = client().rollback(model, reason);
        } catch (IllegalStateException nothingToRollBackTo) {
            console().err().println("error: " + nothingToRollBackTo.getMessage());
            return ExitCodes.REFUSED;
        }
        if (json.enabled) JsonOption.print(console().out(), champion);
        else console().out().println(model + ": rolled back; version " + champion.version() + " is the champion (" + champion.reason() + ")");
        return ExitCodes.OK;
    }
}
