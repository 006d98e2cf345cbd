package io.tabml.orchestration;

import io.tabml.jobs.TrainingJob;

/**
 * What became of an upload: a new job was started, it duplicates an existing job (same content
 * and config), or it was refused.
 */
public record IngestResult(Outcome outcome, TrainingJob job, String message) {
    public enum Outcome { STARTED, DUPLICATE, REJECTED }
}
