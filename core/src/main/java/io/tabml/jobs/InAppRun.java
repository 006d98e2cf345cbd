package io.tabml.jobs;

import io.tabml.storage.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The queue message of one in-app run: the job and the run's backend reference
 * ({@code inapp:<run id>}), which a later run of the same job replaces, so that a message of a run
 * given up on is recognised and dropped.
 */
public record InAppRun(String jobId, String backendRef) {
    public String toMessage() {
        return new String(Json.compact(this), StandardCharsets.UTF_8);
    }

    /** The run a message names; an {@link IllegalArgumentException} for text that is not one. */
    public static InAppRun parse(String message) {
        try {
            InAppRun run = Json.read(message.getBytes(StandardCharsets.UTF_8), InAppRun.class);
            if (run.jobId() == null || run.backendRef() == null) throw new IllegalArgumentException("not an in-app run: " + message);
            return run;
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("not an in-app run: " + message, e);
        }
    }
}
