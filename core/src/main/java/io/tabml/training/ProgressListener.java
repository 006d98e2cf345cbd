package io.tabml.training;

/** Receives the trainer's stage and percentage as it goes. */
@FunctionalInterface
public interface ProgressListener {
    void report(String stage, int percent);
}
