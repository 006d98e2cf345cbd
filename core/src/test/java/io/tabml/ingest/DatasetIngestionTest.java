package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.JobRunner;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetIngestionTest {
    @TempDir
    Path state;

    BlobStore blobs;
    JobStore jobs;
    ModelRegistry registry;
    JobRunner runner;
    DatasetIngestion ingestion;
    String model;

    @BeforeEach
    void wire() {
        blobs = Azurite.shared().blobStore();
        jobs = new JobStore(blobs);
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        runner = new JobRunner(jobs, new LocalProcessBackend(blobs, state, "-Xmx512m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        ingestion = new DatasetIngestion(blobs, jobs, runner, 10_000_000, Clock.systemUTC());
        model = "ing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private IngestResult upload(String file, byte[] content) {
        String path = model + "/" + file;
        blobs.write(DatasetIngestion.DATASETS_CONTAINER, path, content);
        return ingestion.ingest(model, path, content);
    }

    private TrainingJob awaitFinal(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            runner.pollActive();
            TrainingJob job = jobs.get(jobId).orElseThrow();
            if (job.state().isFinal()) return job;
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish: " + jobs.get(jobId));
    }

    @Test
    void trainsAnUploadInAChildJvmAndRegistersTheChampion() throws InterruptedException {
        IngestResult result = upload("claims.csv", SampleData.damageIncidence(1500, 21));
        assertEquals(IngestResult.Outcome.STARTED, result.outcome());
        assertEquals(JobState.Running, result.job().state());
        assertTrue(result.job().backendRef().startsWith("local:"), result.job().backendRef());

        TrainingJob done = awaitFinal(result.job().id());
        assertEquals(JobState.Registered, done.state(), String.valueOf(done.error()));
        assertEquals(1, done.version());
        assertEquals(100, done.progress());
        var metadata = registry.metadata(model, 1).orElseThrow();
        assertEquals(done.dataset().sha256(), metadata.lineage().datasetSha256());
        assertEquals(1500L, metadata.lineage().datasetRows());
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
    }

    @Test
    void theSameUploadDeliveredTwiceMakesOneJob() {
        byte[] content = SampleData.damageIncidence(300, 5);
        IngestResult first = upload("a.csv", content);
        IngestResult again = ingestion.ingest(model, model + "/a.csv", content);
        IngestResult copy = upload("copy-of-a.csv", content);
        assertEquals(IngestResult.Outcome.STARTED, first.outcome());
        assertEquals(IngestResult.Outcome.DUPLICATE, again.outcome());
        assertEquals(IngestResult.Outcome.DUPLICATE, copy.outcome(), "identical content under another name");
        assertEquals(first.job().id(), again.job().id());
        assertEquals(1, jobs.list().stream().filter(j -> j.model().equals(model)).count());
    }

    @Test
    void rejectsAnUploadWithoutTargetColumnWithAReportAndARejectedJob() {
        IngestResult result = upload("bad.csv", SampleData.csv("x,label\n1,a\n2,b\n"));
        assertEquals(IngestResult.Outcome.REJECTED, result.outcome());
        TrainingJob job = jobs.get(result.job().id()).orElseThrow();
        assertEquals(JobState.Rejected, job.state());
        assertEquals("missing_target_column", job.error().code());
        RejectionReport report = Json.read(blobs.read(DatasetIngestion.REJECTED_CONTAINER, model + "/bad.json").orElseThrow().value(),
                RejectionReport.class);
        assertEquals("missing_target_column", report.code());
        assertEquals(job.id(), report.jobId());
        assertEquals(1L, report.line());
        assertTrue(report.message().contains("no 'target' column"), report.message());
    }

    @Test
    void rejectsAnInvalidConfigNamingTheProblem() {
        blobs.write(DatasetIngestion.DATASETS_CONTAINER, model + "/config.json", SampleData.csv("{\"targetColumn\": 5, \"oops\": 1}"));
        IngestResult result = upload("data.csv", SampleData.damageIncidence(200, 1));
        assertEquals(IngestResult.Outcome.REJECTED, result.outcome());
        assertEquals("invalid_config", result.job().error().code());
    }

    @Test
    void filesAnInvalidModelNameWhereNoModelCanCollide() {
        String path = "Bad..Name/data.csv";
        blobs.write(DatasetIngestion.DATASETS_CONTAINER, path, SampleData.damageIncidence(100, 1));
        IngestResult result = ingestion.ingest("Bad..Name", path, SampleData.damageIncidence(100, 1));
        assertEquals(IngestResult.Outcome.REJECTED, result.outcome());
        assertNotNull(blobs.read(DatasetIngestion.REJECTED_CONTAINER, "_invalid-model-name/Bad..Name/data.json").orElse(null));
    }
}
