package io.tabml.jobs;

import io.tabml.storage.BlobStore;
import io.tabml.storage.ConcurrentUpdateException;
import io.tabml.storage.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Job documents in the {@code jobs} container, updated with ETag-conditional writes. */
public final class JobStore {
    public static final String CONTAINER = "jobs";
    private static final int MAX_UPDATE_ATTEMPTS = 10;
    private static final java.util.regex.Pattern VALID_ID = java.util.regex.Pattern.compile("[a-z0-9-]{1,100}");

    private final BlobStore blobs;

    public JobStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Stores a new job; false when a job with that id already exists (a duplicate delivery). */
    public boolean create(TrainingJob job) {
        return blobs.createIfAbsent(CONTAINER, path(job.id()), Json.write(job));
    }

    public Optional<TrainingJob> get(String id) {
        if (!VALID_ID.matcher(id).matches()) return Optional.empty();
        return blobs.readJson(CONTAINER, path(id), TrainingJob.class).map(BlobStore.Versioned::value);
    }

    /**
     * Applies a change to the stored job, re-reading and re-applying it if another writer got in
     * between. The change may return the job unchanged (or null) to write nothing.
     */
    public Optional<TrainingJob> update(String id, UnaryOperator<TrainingJob> change) {
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            var current = blobs.readJson(CONTAINER, path(id), TrainingJob.class);
            if (current.isEmpty()) return Optional.empty();
            TrainingJob updated = change.apply(current.get().value());
            if (updated == null || Objects.equals(updated, current.get().value())) return current.map(BlobStore.Versioned::value);
            try {
                blobs.replaceIfMatch(CONTAINER, path(id), Json.write(updated), current.get().etag());
                return Optional.of(updated);
            } catch (ConcurrentUpdateException raced) {
                // another instance changed the job: read it again and re-apply
            }
        }
        throw new IllegalStateException("job " + id + " kept changing under " + MAX_UPDATE_ATTEMPTS + " update attempts");
    }

    /**
     * Jobs newest first, optionally only one model's and one state's.
     *
     * @param state a {@link JobState} name (any case), or null
     */
    public List<TrainingJob> list(String model, String state) {
        JobState wanted = null;
        if (state != null && !state.isBlank()) {
            wanted = java.util.Arrays.stream(JobState.values()).filter(s -> s.name().equalsIgnoreCase(state.trim())).findFirst()
                    .orElseThrow(() -> io.tabml.errors.InvalidInputException.invalid("unknown job state '" + state + "'", java.util.Map.of(
                            "state", List.of("must be one of " + java.util.Arrays.toString(JobState.values())))));
        }
        JobState only = wanted;
        return list().stream().filter(j -> model == null || j.model().equals(model))
                .filter(j -> only == null || j.state() == only).toList();
    }

    /** All jobs, newest first. */
    public List<TrainingJob> list() {
        return blobs.list(CONTAINER, "").stream()
                .map(b -> blobs.readJson(CONTAINER, b.path(), TrainingJob.class))
                .flatMap(Optional::stream)
                .map(BlobStore.Versioned::value)
                .sorted(Comparator.comparing(TrainingJob::createdAt).reversed())
                .toList();
    }

    private static String path(String id) {
        return id + ".json";
    }
}
