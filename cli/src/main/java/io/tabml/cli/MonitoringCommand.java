package io.tabml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitoring",
        description = {"Show a model's monitoring status and its hourly windows.",
            "Per window: predictions, the status, the feature that drifted most (population stability index), and the labelled "
            + "predictions with the live accuracy (a regressor: RMSE) beside the holdout's. Windows are judged after each hour ends."},
        footerHeading = "%nExamples:%n", footer = {"  tabml monitoring churn", "  tabml monitoring churn --hours 168",
            "  tabml monitoring churn --json | jq '.windows[].status'"})
final class MonitoringCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "24", description = "How many hours back (default: ${DEFAULT-VALUE}; at most 744).")
    int hours;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Instant to = Instant.now();
        JsonNode report = client().monitoring(model, to.minus(Duration.ofHours(Math.max(1, hours))), to);
        var out = console().out();
        if (json.enabled) {
            JsonOption.print(out, report);
            return ExitCodes.OK;
        }
        JsonNode status = report.path("status");
        out.println(model + ": " + (status.isMissingNode() ? "not monitored yet (windows are judged after each hour ends)"
                : status.path("status").asText() + " since " + status.path("since").asText()));
        status.path("reasons").forEach(reason -> out.println("  " + reason.asText()));
        var table = new Table("WINDOW", "PREDICTIONS", "STATUS", "MOST DRIFT", "LABELLED", "LIVE", "HOLDOUT");
        for (JsonNode window : report.path("windows")) {
            JsonNode summary = window.path("versions").path(0).path("summary");
            JsonNode drift = summary.path("features").path(0);
            // a classifier's live figures are under "live" (accuracy), a regressor's under "liveRegression" (RMSE)
            boolean regressor = summary.has("liveRegression");
            JsonNode live = regressor ? summary.path("liveRegression") : summary.path("live");
            String figure = regressor ? "rmse" : "accuracy", label = regressor ? "RMSE " : "accuracy ";
            table.row(Instant.parse(window.path("from").asText()), window.path("predictions").asLong(), window.path("status").path("status").asText(),
                    drift.isMissingNode() ? "" : drift.path("feature").asText() + " " + Table.number(drift.path("psi").asDouble()),
                    live.isMissingNode() ? 0 : live.path("labelled").asLong(),
                    live.isMissingNode() ? "" : label + Table.number(live.path(figure).asDouble()),
                    live.isMissingNode() ? "" : label + Table.number(live.path("holdout").path(figure).asDouble()));
        }
        table.print(out);
        return ExitCodes.OK;
    }
}
