package io.tabml.training;

/**
 * The trainer's {@code failure.json}: why a run produced no model. {@code rejected} is true when
 * the data is at fault (a person must fix the file) rather than the run.
 */
public record TrainingFailure(boolean rejected, String code, String message, Long line) {}
