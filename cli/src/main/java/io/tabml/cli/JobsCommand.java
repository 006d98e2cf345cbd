package io.tabml.cli;

import io.tabml.client.Job;
import io.tabml.client.JobFilter;
import io.tabml.client.JobState;
import io.tabml.client.TabmlClient;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "jobs",
        description = {"List training jobs, newest first, with their state, stage and progress.",
            "A job that ended shows the version it registered, or why it was rejected or failed.",
            "With --watch, refresh until every listed job has ended (Ctrl-C stops earlier)."},
        footerHeading = "%nExamples:%n", footer = {"  tabml jobs --model churn", "  tabml jobs --state running --watch",
            "  tabml jobs --state rejected --json"})
final class JobsCommand extends ApiCommand {
    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model's jobs.")
    String model;

    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
    JobState state;

    @Option(names = "--watch", description = "Refresh until every listed job has ended.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    int interval;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws InterruptedException {
        TabmlClient client = client();
        JobFilter filter = new JobFilter(model, state);
        while (true) {
            List<Job> jobs = client.jobs(filter);
            if (watch && console().interactive() && !json.enabled) console().out().print("\033[H\033[2J");
            print(jobs);
            if (!watch || jobs.stream().allMatch(job -> job.state().isFinal())) return ExitCodes.OK;
            Thread.sleep(Duration.ofSeconds(Math.max(1, interval)));
        }
    }

    private void print(List<Job> jobs) {
        var out = console().out();
        if (json.enabled) {
            JsonOption.print(out, jobs);
            return;
        }
        if (jobs.isEmpty()) {
            out.println("no jobs" + (model != null || state != null ? " match" : " yet"));
            return;
        }
        var table = new Table("JOB", "MODEL", "STATE", "STAGE", "PROGRESS", "VERSION", "CREATED", "NOTE");
        for (Job job : jobs) {
            table.row(job.id(), job.model(), job.state(), job.stage(), job.progress() + "%",
                    job.version() == null ? null : "v" + job.version(), job.createdAt(), note(job));
        }
        table.print(out);
    }

    /** Why a job ended, or the gate's word on the version it registered. */
    static String note(Job job) {
        if (job.error() != null) {
            return job.error().code() + (job.error().line() != null ? " (line " + job.error().line() + ")" : "") + ": " + job.error().message();
        }
        return job.message();
    }
}
