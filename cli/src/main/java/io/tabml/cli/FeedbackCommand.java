package io.tabml.cli;

import io.tabml.client.FeedbackReceipt;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "feedback",
        description = {"Send the true classes of earlier predictions, by prediction id.",
            "FILE is a CSV with 'predictionId' and 'actual' columns; other columns are ignored, so a CSV scored by "
            + "'tabml predict --csv' with an 'actual' column added will do. The whole file is checked first: an unknown id, "
            + "another model's id or a class the model does not have refuses it all (exit 3), naming each. Sending the same "
            + "classes again changes nothing."},
        footerHeading = "%nExamples:%n", footer = {"  tabml feedback churn outcomes.csv", "  tabml feedback churn scored-with-actual.csv --json"})
final class FeedbackCommand extends ApiCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model that made the predictions.")
    String model;

    @Parameters(index = "1", paramLabel = "FILE", description = "The CSV of predictionId and actual.")
    Path file;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        FeedbackReceipt receipt = client().feedback(model, Inputs.readable(spec.commandLine(), file));
        if (json.enabled) JsonOption.print(console().out(), receipt);
        else console().out().println(model + ": " + receipt.received() + " received, " + receipt.recorded() + " recorded, "
                + receipt.unchanged() + " already recorded");
        return ExitCodes.OK;
    }
}
