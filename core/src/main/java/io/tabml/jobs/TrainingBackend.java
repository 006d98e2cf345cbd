package io.tabml.jobs;

/**
 * Where training runs. Every backend runs the same trainer ({@link io.tabml.training.TrainerMain})
 * and, when a run completes, leaves its output in {@code staging/<jobId>/}
 * ({@link io.tabml.training.StagingArea}).
 */
public interface TrainingBackend {
    /** The backend's name as set in {@code TRAINING_BACKEND}: {@code local}, {@code azureml}, {@code inapp} or {@code auto}. */
    String name();

    /**
     * Which backend trains this job and why, recorded in the job before its run starts. A backend
     * that trains every job itself places it on itself; a routing backend chooses.
     */
    default TrainingJob.Placement place(TrainingJob job) {
        return new TrainingJob.Placement(name(), "TRAINING_BACKEND is " + name());
    }

    /** Whether this backend follows runs placed on the named backend (a job's {@code backend}). */
    default boolean follows(String backend) {
        return name().equals(backend);
    }

    /** Starts a run for the job, on the backend its placement names; returns the backend's handle on it. */
    String submit(TrainingJob job);

    /** The run's state now. A {@link RunStatus.Phase#COMPLETED} run has its output in staging. */
    RunStatus poll(TrainingJob job);

    /** Stops the run if it is still going. */
    void cancel(TrainingJob job);
}
