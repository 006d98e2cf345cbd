package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.InAppBackend;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.TrainingBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.MessageQueue;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.TrainingConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** In-app training on the shared Azurite: a queue of this test's own (tests run side by side), the job store, a runner. */
final class InAppFixture {
    final BlobStore blobs = Azurite.shared().blobStore();
    final JobStore jobs = new JobStore(blobs);
    final ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
    final MessageQueue queue = MessageQueue.fromConnectionString(Azurite.shared().connectionString(),
            "inapp-test-" + UUID.randomUUID().toString().substring(0, 8));
    final InAppBackend inApp = new InAppBackend(blobs, queue);
    final String model = "inapp-" + UUID.randomUUID().toString().substring(0, 8);

    JobRunner runner(TrainingBackend backend) {
        return new JobRunner(jobs, backend, registry, Clock.systemUTC(), Duration.ofMinutes(30));
    }

    /** A stored, submitted job on a dataset of {@code rows} rows, whose size the job records as ingestion does. */
    TrainingJob storedJob(String name, int rows) {
        String path = model + "/" + name + ".csv";
        byte[] csv = SampleData.damageIncidence(rows, 3);
        blobs.write("datasets", path, csv);
        var dataset = new TrainingJob.DatasetRef("datasets", path, blobs.url("datasets", path), "etag", "sha-" + name, (long) csv.length,
                (long) rows);
        var config = new TrainingConfig(null, null, List.of("logistic-regression"), null, 2, null, 60);
        TrainingJob job = TrainingJob.submitted(model + "-" + name, model, dataset, config, Clock.systemUTC().instant());
        assertTrue(jobs.create(job));
        return job;
    }
}
