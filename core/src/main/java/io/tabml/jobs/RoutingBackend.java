package io.tabml.jobs;

import java.util.Locale;

/**
 * {@code TRAINING_BACKEND=auto}: each job trains inside the function app when its dataset is at most
 * {@code INAPP_TRAINING_MAX_BYTES} and its time budget fits an invocation, else on the large backend
 * (Azure ML in Azure), so that small data does not wait for a cluster to start. The choice and its
 * reason are the job's {@link TrainingJob.Placement}; the job's runs follow the backend it names.
 */
public final class RoutingBackend implements TrainingBackend {
    /**
     * The longest model selection an in-app run takes on: the host's {@code functionTimeout} is one
     * hour (host.json), and reading, the final fit and evaluation come on top of the selection.
     */
    public static final int MAX_INAPP_TIME_BUDGET_SECONDS = 1800;

    private final InAppBackend inApp;
    private final TrainingBackend large;
    private final long maxInAppBytes;

    public RoutingBackend(InAppBackend inApp, TrainingBackend large, long maxInAppBytes) {
        this.inApp = inApp;
        this.large = large;
        this.maxInAppBytes = maxInAppBytes;
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public TrainingJob.Placement place(TrainingJob job) {
        Long bytes = job.dataset().bytes();
        String limit = "INAPP_TRAINING_MAX_BYTES (" + size(maxInAppBytes) + ")";
        if (bytes == null) {
            return new TrainingJob.Placement(large.name(), "the dataset's size is unknown, so it cannot be shown to fit the function app");
        }
        if (bytes > maxInAppBytes) {
            return new TrainingJob.Placement(large.name(), "the dataset is " + size(bytes) + ", more than " + limit);
        }
        int budget = job.config().timeBudgetSeconds();
        if (budget > MAX_INAPP_TIME_BUDGET_SECONDS) {
            return new TrainingJob.Placement(large.name(), "the dataset is " + size(bytes) + ", within " + limit
                    + ", but its time budget of " + budget + " s is more than an in-app run takes on (" + MAX_INAPP_TIME_BUDGET_SECONDS + " s)");
        }
        return new TrainingJob.Placement(inApp.name(), "the dataset is " + size(bytes) + ", within " + limit
                + ": trained inside the function app");
    }

    @Override
    public boolean follows(String backend) {
        return inApp.follows(backend) || large.follows(backend);
    }

    @Override
    public String submit(TrainingJob job) {
        return backendOf(job).submit(job);
    }

    @Override
    public RunStatus poll(TrainingJob job) {
        return backendOf(job).poll(job);
    }

    @Override
    public void cancel(TrainingJob job) {
        backendOf(job).cancel(job);
    }

    private TrainingBackend backendOf(TrainingJob job) {
        if (inApp.follows(job.backend())) return inApp;
        if (large.follows(job.backend())) return large;
        throw new IllegalStateException("job " + job.id() + " is placed on '" + job.backend() + "', which TRAINING_BACKEND=auto does not run");
    }

    /** Bytes, and the same in MiB for a person. */
    private static String size(long bytes) {
        return String.format(Locale.ROOT, "%,d bytes (%.1f MiB)", bytes, bytes / 1048576.0);
    }
}
