package io.tabml.client;

import java.time.Instant;

/**
 * A training job ({@code GET /api/jobs/{id}}): its state, the stage and percent of its run, where it
 * trains, the version it registered, or the error that ended it.
 */
public record Job(String id, String model, JobState state, String stage, int progress, Dataset dataset, String backend,
                  Placement placement, Integer version, JobError error, String message, Instant createdAt, Instant updatedAt,
                  Instant startedAt, Instant endedAt) {

    /** Where the job trains and why (the size of its data against the app's threshold, or the app's one backend). */
    public record Placement(String backend, String reason) {}

    /** The data the job trains on. */
    public record Dataset(String container, String path, String url, String sha256, Long bytes, Long rows) {}

    /** Why a job failed or was refused; {@code line} where a line of the file is at fault. */
    public record JobError(String code, String message, Long line) {}
}
