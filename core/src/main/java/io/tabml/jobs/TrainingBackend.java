package io.tabml.jobs;

/**
 * Where training runs. Every backend runs the same trainer entry point
 * ({@link io.tabml.training.TrainerMain}) and, when a run completes, leaves its output in
 * {@code staging/<jobId>/} ({@link io.tabml.training.StagingArea}).
 */
public interface TrainingBackend {
    /** The backend's name as recorded in jobs and lineage: {@code local} or {@code azureml}. */
    String name();

    /** Starts a run for the job; returns the backend's handle on it. */
    String submit(TrainingJob job);

    /** The run's state now. A {@link RunStatus.Phase#COMPLETED} run has its output in staging. */
    RunStatus poll(TrainingJob job);

    /** Stops the run if it is still going. */
    void cancel(TrainingJob job);
}
