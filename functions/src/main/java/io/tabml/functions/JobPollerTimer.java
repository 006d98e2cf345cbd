package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Every few seconds ({@code JOBS_POLL_SCHEDULE}): follow running jobs, register finished ones, promote champions. */
public class JobPollerTimer {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public JobPollerTimer() {
        this(Services.get());
    }

    public JobPollerTimer(Services services) {
        this.services = services;
    }

    @FunctionName("pollJobs")
    public void poll(@TimerTrigger(name = "timer", schedule = "%JOBS_POLL_SCHEDULE%") String timerInfo,
                     ExecutionContext context) {
        var changed = services.runner().pollActive();
        for (var job : changed) {
            context.getLogger().info("job " + job.id() + " (" + job.model() + "): " + job.state() + " " + job.stage()
                    + (job.version() != null ? " version " + job.version() : "")
                    + (job.error() != null ? " - " + job.error().message() : ""));
        }
    }
}
