package io.tabml.cli;

import io.tabml.client.InputSchema;
import io.tabml.client.ModelDetails;
import io.tabml.client.ModelVersion;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model",
        description = {"Show a model: champion, input schema, versions, champion history.",
            "The versions come with the quality gate's decisions. With --version N: that version's metrics, confusion "
            + "matrix, feature importance, lineage and gate decision."},
        footerHeading = "%nExamples:%n", footer = {"  tabml model churn", "  tabml model churn --version 3",
            "  tabml model churn --version 3 --json | jq .metrics.rocAuc"})
final class ModelCommand extends ApiCommand {
    private static final int TOP_FEATURES = 10;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--version", paramLabel = "N", description = "Show this version in detail.")
    Integer version;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        var out = console().out();
        if (version != null) {
            ModelVersion details = client().version(model, version);
            if (json.enabled) JsonOption.print(out, details);
            else printVersion(out, details);
        } else {
            ModelDetails details = client().model(model);
            if (json.enabled) JsonOption.print(out, details);
            else printModel(out, details);
        }
        return ExitCodes.OK;
    }

    private static void printModel(PrintStream out, ModelDetails model) {
        out.println("model     " + model.model());
        out.println("champion  " + (model.champion() == null ? "none (promote a version with: tabml promote " + model.model() + " N)"
                : "v" + model.champion().version() + ", since " + Table.time(model.champion().promotedAt()) + " (" + model.champion().reason() + ")"));
        out.println();
        out.println("Input schema (version " + model.schemaVersion() + ")");
        printSchema(out, model.inputSchema());
        out.println();
        out.println("Versions");
        var versions = new Table("VERSION", "ALGORITHM", "QUALITY", "REGISTERED", "GATE", "REASON");
        for (var v : model.versions()) {
            String quality = v.rmse() != null ? "RMSE " + Table.number(v.rmse()) + ", R² " + Table.number(v.r2())
                    : "ROC AUC " + Table.number(v.rocAuc()) + ", F1 " + Table.number(v.f1());
            versions.row("v" + v.version(), v.algorithm(), quality, v.registeredAt(), v.passedGate() ? "passed" : "refused", v.gateReason());
        }
        versions.print(out);
        if (!model.championHistory().isEmpty()) {
            out.println();
            out.println("Champion history");
            var history = new Table("AT", "FROM", "TO", "REASON");
            for (var change : model.championHistory()) {
                history.row(change.at(), change.from() == null ? "-" : "v" + change.from(), "v" + change.to(), change.reason());
            }
            history.print(out);
        }
    }

    private static void printVersion(PrintStream out, ModelVersion v) {
        var m = v.metrics();
        out.println("model      " + v.model() + " v" + v.version() + " (" + v.algorithm() + "), registered " + Table.time(v.registeredAt()));
        out.println("gate       " + (v.gate().promote() ? "passed: " : "refused: ") + v.gate().reason());
        v.gate().warnings().forEach(warning -> out.println("           warning: " + warning));
        out.println("evaluated  " + (v.evaluation() == null ? "on a holdout of " + m.holdoutRows() + " rows"
                : v.evaluation().method() + ", " + v.evaluation().rows() + " rows: " + v.evaluation().reason()));
        out.println();
        out.println("Metrics");
        if (v.regression() != null) {
            printRegression(out, v.regression().metrics());
            return;
        }
        new Table("ACCURACY", "PRECISION", "RECALL", "F1", "ROC AUC", "PR AUC", "LOG LOSS", "THRESHOLD")
                .row(Table.number(m.accuracy()), Table.number(m.precision()), Table.number(m.recall()), Table.number(m.f1()),
                        Table.number(m.rocAuc()), Table.number(m.prAuc()), Table.number(m.logLoss()), Table.number(m.threshold()))
                .print(out);
        if (m.positiveClass() != null) out.println("(precision, recall and F1 of the class '" + m.positiveClass() + "')");
        if (m.confusionMatrix() != null && m.classes() != null) {
            out.println();
            out.println("Confusion matrix (rows: actual, columns: predicted)");
            String[] header = new String[m.classes().size() + 1];
            header[0] = "";
            for (int c = 0; c < m.classes().size(); c++) header[c + 1] = m.classes().get(c);
            var confusion = new Table(header);
            for (int r = 0; r < m.confusionMatrix().length; r++) {
                Object[] row = new Object[header.length];
                row[0] = m.classes().get(r);
                for (int c = 0; c < m.confusionMatrix()[r].length; c++) row[c + 1] = m.confusionMatrix()[r][c];
                confusion.row(row);
            }
            confusion.print(out);
        }
        if (!v.featureImportance().isEmpty()) {
            out.println();
            out.println("Feature importance (top " + Math.min(TOP_FEATURES, v.featureImportance().size()) + ")");
            var importance = new Table("FEATURE", "IMPORTANCE", "SPREAD");
            v.featureImportance().stream().limit(TOP_FEATURES).forEach(f -> importance.row(f.feature(), Table.number(f.importance()),
                    f.spread() == null ? null : Table.number(f.spread())));
            importance.print(out);
        }
        out.println();
        out.println("Lineage");
        var lineage = v.lineage();
        if (lineage != null) {
            out.println("  dataset  " + lineage.datasetUrl() + (lineage.datasetRows() == null ? "" : " (" + lineage.datasetRows() + " rows)"));
            out.println("  sha256   " + lineage.datasetSha256());
            out.println("  job      " + lineage.jobId() + " on " + lineage.backend());
            if (lineage.config() != null && !lineage.config().isEmpty()) out.println("  config   " + lineage.config());
        }
        out.println("  trainer  " + v.trainerVersion() + ", " + v.trainRows() + " of " + v.rows() + " rows for training");
        out.println("  model    sha256 " + v.artifactSha256() + ", " + v.artifactBytes() + " bytes");
        out.println();
        out.println("Input schema");
        printSchema(out, v.schema());
    }

    private static void printSchema(PrintStream out, InputSchema schema) {
        if (schema == null) return;
        out.println("target '" + schema.target() + "', classes " + schema.classes() + ", positive class '" + schema.positiveClass() + "'");
        var features = new Table("FEATURE", "TYPE", "MISSING", "RANGE / CATEGORIES", "MEDIAN");
        for (var f : schema.features()) {
            String values = f.categories() != null
                    ? f.categories().stream().map(InputSchema.CategoryCount::value).collect(Collectors.joining(", "))
                    : f.min() == null ? null : Table.plain(f.min()) + " .. " + Table.plain(f.max());
            features.row(f.name(), f.type().toLowerCase(Locale.ROOT), f.missing(), values, f.median() == null ? null : Table.plain(f.median()));
        }
        features.print(out);
        schema.dropped().forEach(d -> out.println("dropped: " + d.name() + " (" + d.reason() + ")"));
    }

    /** A regressor's errors in the target's unit, and its prediction interval. */
    private static void printRegression(PrintStream out, ModelVersion.RegressionMetrics m) {
        new Table("RMSE", "MAE", "R²", "MAPE", "BASELINE RMSE")
                .row(Table.number(m.rmse()), Table.number(m.mae()), Table.number(m.r2()), Table.number(m.mape()), Table.number(m.baselineRmse()))
                .print(out);
        out.println("(baseline: predicting the training rows' mean; MAPE is left out where a true value is 0)");
        var interval = m.interval();
        out.println(String.format(java.util.Locale.ROOT, "interval   prediction %+.3f to %+.3f (residual quantiles %.2f and %.2f): held %.1f%% of the holdout",
                interval.low(), interval.high(), interval.lowQuantile(), interval.highQuantile(), 100 * interval.coverage()));
    }
}
