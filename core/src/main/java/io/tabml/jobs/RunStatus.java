package io.tabml.jobs;

import io.tabml.training.TrainingFailure;

/**
 * A backend's view of one run.
 *
 * @param stage    the trainer's stage (e.g. {@code fitting}), when known
 * @param percent  0-100
 * @param error    for FAILED and REJECTED: what went wrong
 */
public record RunStatus(Phase phase, String stage, int percent, TrainingJob.JobError error) {
    /** LOST: the run vanished without a result or a failure report (its machine or host went away): it may be started again. */
    public enum Phase { QUEUED, RUNNING, COMPLETED, FAILED, REJECTED, CANCELED, LOST }

    public static RunStatus running(String stage, int percent) {
        return new RunStatus(Phase.RUNNING, stage, percent, null);
    }

    public static RunStatus completed() {
        return new RunStatus(Phase.COMPLETED, "done", 100, null);
    }

    /** A run that ended with the trainer's failure report: refused data, or a training error. */
    public static RunStatus of(TrainingFailure failure) {
        var error = new TrainingJob.JobError(failure.code(), failure.message(), failure.line());
        return new RunStatus(failure.rejected() ? Phase.REJECTED : Phase.FAILED, "failed", 0, error);
    }

    public static RunStatus lost(String message) {
        return new RunStatus(Phase.LOST, "lost", 0, new TrainingJob.JobError("trainer_lost", message, null));
    }

    public static RunStatus failed(String code, String message) {
        return new RunStatus(Phase.FAILED, "failed", 0, new TrainingJob.JobError(code, message, null));
    }
}
