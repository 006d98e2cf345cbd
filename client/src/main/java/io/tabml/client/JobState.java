package io.tabml.client;

/**
 * Where a training job is: {@code Submitted -> Queued -> Running -> Completed -> Registered}, or
 * one of the ends {@code Failed}, {@code Rejected}, {@code Canceled}.
 */
public enum JobState {
    Submitted, Queued, Running, Completed, Registered, Failed, Rejected, Canceled;

    public boolean isFinal() {
        return this == Registered || this == Failed || this == Rejected || this == Canceled;
    }
}
