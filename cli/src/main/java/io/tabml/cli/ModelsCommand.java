package io.tabml.cli;

import io.tabml.client.ModelSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models",
        description = "List the models: champion and latest version, and the champion's headline metrics.",
        footerHeading = "%nExamples:%n", footer = {"  tabml models", "  tabml models --json | jq -r '.[].model'"})
final class ModelsCommand extends ApiCommand {
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        List<ModelSummary> models = client().models();
        var out = console().out();
        if (json.enabled) {
            JsonOption.print(out, models);
        } else if (models.isEmpty()) {
            out.println("no models yet: upload a CSV with 'tabml upload data.csv --model <name> --wait'");
        } else {
            var table = new Table("MODEL", "CHAMPION", "LATEST", "VERSIONS", "ALGORITHM", "QUALITY", "UPDATED");
            for (ModelSummary m : models) {
                table.row(m.model(), m.championVersion() == null ? "none" : "v" + m.championVersion(), "v" + m.latestVersion(),
                        m.versionCount(), m.algorithm(), Table.quality(m.rocAuc(), m.accuracy(), m.rmse(), m.r2()), m.updatedAt());
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
