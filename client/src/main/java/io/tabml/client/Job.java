package io.tabml.client;

import java.time.Instant;

/**
 * A training job ({@code GET /api/jobs/{id}}): its state, the stage and percent of its run, the
 * version it registered, or the error that ended it.
 */
public record Job(String id, String model, JobState state, String stage, int progress, Dataset dataset, String backend,
                  Integer version, JobError error, String message, Instant createdAt, Instant updatedAt, Instant startedAt,
                  Instant endedAt) {

    /** The data the job trains on. */
    public record Dataset(String container, String path, String url, String sha256, Long bytes, Long rows) {}

    /** Why a job failed or was refused; {@code line} where a line of the file is at fault. */
    public record JobError(String code, String message, Long line) {}
}
