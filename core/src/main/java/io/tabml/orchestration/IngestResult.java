package io.tabml.orchestration;

import io.tabml.jobs.TrainingJob;

/**
 * What became of an upload: a new job was started, it duplicates an existing job (same content
 * and config), it was refused, or it was gone (deleted or replaced) before it could be read.
 */
public record IngestResult(Outcome outcome, TrainingJob job, String message) {
    public enum Outcome { STARTED, DUPLICATE, REJECTED, GONE }
}
