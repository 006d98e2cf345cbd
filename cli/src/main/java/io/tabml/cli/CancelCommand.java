package io.tabml.cli;

import io.tabml.client.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel",
        description = {"Stop a training job that has not ended (admin key).", "A job that has already ended is left as it is."},
        footerHeading = "%nExamples:%n", footer = {"  tabml cancel churn-3f2a9c0d1e4b5a67", "  tabml jobs --state running    # find the id"})
final class CancelCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id (tabml jobs lists them).")
    String jobId;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Job job = client().cancel(jobId);
        if (json.enabled) JsonOption.print(console().out(), job);
        else console().out().println("job " + job.id() + ": " + job.state()
                + (job.error() != null && "canceled".equals(job.error().code()) ? "" : " (it had already ended)"));
        return ExitCodes.OK;
    }
}
