package io.tabml.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.training.TrainingConfig;
import io.tabml.testing.Azurite;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobStoreTest {
    private final JobStore jobs = new JobStore(Azurite.shared().blobStore());

    private static TrainingJob newJob() {
        var dataset = new TrainingJob.DatasetRef("datasets", "m/f.csv", "url", "etag", "sha", 10L, 5L);
        return TrainingJob.submitted("job-" + UUID.randomUUID(), "m", dataset, TrainingConfig.DEFAULTS, Instant.now());
    }

    @Test
    void createsAJobOnlyOnce() {
        TrainingJob job = newJob();
        assertTrue(jobs.create(job));
        assertFalse(jobs.create(job), "a second delivery finds the job there");
        assertEquals(job, jobs.get(job.id()).orElseThrow());
    }

    @Test
    void concurrentUpdatesAreAllApplied() throws Exception {
        TrainingJob job = newJob();
        jobs.create(job);
        AtomicInteger applied = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> jobs.update(job.id(), current -> {
                    applied.incrementAndGet();
                    return current.running("local:1:/tmp/x", "fitting", current.progress() + 1, Instant.now());
                }));
            }
        }
        assertEquals(8, jobs.get(job.id()).orElseThrow().progress(), "no update was lost (" + applied.get() + " attempts)");
    }

    @Test
    void doesNotLookUpIdsThatCouldEscapeTheJobsFolder() {
        assertTrue(jobs.get("../models/x").isEmpty());
        assertTrue(jobs.get("A B").isEmpty());
    }
}
