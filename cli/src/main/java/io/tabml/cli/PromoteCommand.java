package io.tabml.cli;

import io.tabml.client.Champion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote",
        description = {"Make a version the champion that predict serves (admin key).",
            "Also for a version the quality gate refused. Every change is kept in the model's champion history "
            + "(tabml model MODEL)."},
        footerHeading = "%nExamples:%n", footer = {"  tabml promote churn 3 --reason \"better recall on the new quarter\""})
final class PromoteCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to promote.")
    int version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the champion history (default: 'set through the API').")
    String reason;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Champion champion = client().promote(model, version, reason);
        if (json.enabled) JsonOption.print(console().out(), champion);
        else console().out().println(model + ": version " + champion.version() + " is the champion (" + champion.reason() + ")");
        return ExitCodes.OK;
    }
}
