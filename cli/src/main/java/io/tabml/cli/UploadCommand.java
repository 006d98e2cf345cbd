package io.tabml.cli;

import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.client.ModelVersion;
import io.tabml.client.TabmlClient;
import io.tabml.client.UploadReceipt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upload",
        description = {"Upload a CSV to train a new version of a model.",
            "The upload is validated, trained, registered as a new version, and promoted to champion if it passes "
            + "the quality gate. --wait follows the job: a progress bar, then the new version and the gate's decision, "
            + "or why the upload was rejected, with the line at fault."},
        footerHeading = "%nExamples:%n", footer = {"  tabml upload churn.csv --model churn --wait",
            "  tabml upload q4.csv --model churn --name 2026-q4",
            "  tabml upload churn.csv --model churn --config churn-settings.json --wait",
            "  tabml upload big.csv --model churn --direct --wait",
            "",
            "--config stores the model's training settings (target column, algorithms, metric, ...; README, "
            + "\"Per-model training config\") before the upload; they stay for its later uploads."})
final class UploadCommand extends ApiCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file, with a header and the target column.")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model to train: 1-63 characters of a-z, 0-9 and '-'.")
    String model;

    @Option(names = "--name", paramLabel = "NAME", description = "The name the upload is stored under (default: the file's name).")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "A JSON file of training settings to store for the model first.")
    Path config;

    @Option(names = "--direct", description = "Send the file straight to blob storage, with a short-lived URL the API gives for it "
            + "(always so for files over 100 MB, more than a request body may carry).")
    boolean direct;

    @Option(names = "--wait", description = "Follow the job until it ends; exit 6 if it was rejected, failed or canceled.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60", description = "How long --wait waits (default: ${DEFAULT-VALUE} minutes); exit 8 after.")
    int timeoutMinutes;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        boolean straightToStorage = direct || Inputs.size(spec.commandLine(), file) > TabmlClient.MAX_REQUEST_UPLOAD_BYTES;
        byte[] csv = straightToStorage ? null : Inputs.read(spec.commandLine(), file); // a direct upload streams the file
        String settings = config == null ? null : new String(Inputs.read(spec.commandLine(), config), java.nio.charset.StandardCharsets.UTF_8);
        TabmlClient client = client();
        if (settings != null) client.setTrainingSettings(model, settings);
        String storedAs = name != null ? name : file.getFileName().toString();
        UploadReceipt receipt = straightToStorage ? client.uploadDirect(model, storedAs, file) : client.upload(model, storedAs, csv);
        var out = console().out();
        if (!wait) {
            if (json.enabled) JsonOption.print(out, receipt);
            else if (receipt.unchanged()) out.println(model + ": " + receipt.message());
            else out.println(model + ": stored as " + receipt.dataset() + "; job " + receipt.jobId()
                    + " (follow it: tabml jobs --model " + model + " --watch)");
            return ExitCodes.OK;
        }
        var progress = new ProgressBar(console().err(), console().interactive());
        Job job = client.awaitJob(receipt.jobId(), Duration.ofMinutes(timeoutMinutes), progress::update);
        progress.finish();
        if (!job.state().isFinal()) {
            console().err().println("error: job " + job.id() + " is still " + job.state() + " after " + timeoutMinutes
                    + " minutes; follow it with: tabml jobs --model " + model + " --watch");
            if (json.enabled) JsonOption.print(out, job);
            return ExitCodes.TIMED_OUT;
        }
        if (job.state() != JobState.Registered) {
            if (json.enabled) JsonOption.print(out, job);
            else out.println(model + ": " + job.state().name().toLowerCase(Locale.ROOT) + " - " + JobsCommand.note(job));
            return ExitCodes.JOB_UNSUCCESSFUL;
        }
        ModelVersion version = client.version(model, job.version());
        if (json.enabled) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("job", job);
            result.put("gate", version.gate());
            JsonOption.print(out, result);
        } else {
            String quality = version.regression() != null ? "RMSE " + Table.number(version.regression().metrics().rmse())
                    : "ROC AUC " + Table.number(version.metrics().rocAuc());
            out.println(model + ": version " + version.version() + " registered (" + version.algorithm() + ", " + quality + ")");
            if (job.placement() != null) out.println("  trained on " + job.placement().backend() + ": " + job.placement().reason());
            out.println((version.gate().promote() ? "  promoted to champion: " : "  not promoted: ") + version.gate().reason());
            version.gate().warnings().forEach(warning -> out.println("  warning: " + warning));
        }
        return ExitCodes.OK;
    }
}
