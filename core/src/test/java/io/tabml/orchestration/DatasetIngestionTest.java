package io.tabml.orchestration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.DatasetLayout;
import io.tabml.ingest.RejectionReport;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.jobs.TrainingJob.Milestone;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Sha256;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import io.tabml.training.DatasetDrift;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EndToEnd
class DatasetIngestionTest {
    @TempDir
    Path state;

    BlobStore blobs;
    JobStore jobs;
    ModelRegistry registry;
    JobRunner runner;
    DatasetIngestion ingestion;
    String model;

    LocalProcessBackend backend;

    @BeforeEach
    void wire() {
        blobs = Azurite.shared().blobStore();
        jobs = new JobStore(blobs);
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        backend = new LocalProcessBackend(blobs, state, "-Xmx512m");
        runner = new JobRunner(jobs, backend, registry, Clock.systemUTC(), Duration.ofMinutes(5));
        ingestion = new DatasetIngestion(blobs, jobs, runner, registry, 10_000_000, Clock.systemUTC());
        model = "ing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private IngestResult upload(String file, byte[] content) {
        String path = model + "/" + file;
        blobs.write(DatasetLayout.CONTAINER, path, content);
        return ingestion.ingest(model, path);
    }

    private TrainingJob awaitFinal(String jobId) {
        return await("job " + jobId + " ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    // this model's jobs only: the store is shared with other suites, whose trainers would start here
                    for (TrainingJob job : jobs.list(model, null)) if (!job.state().isFinal()) runner.advance(job);
                    return jobs.get(jobId).orElseThrow();
                }, job -> job.state().isFinal());
    }

    @Test
    void aTrainerThatExitsIsRegisteredWithoutWaitingForAPoll() {
        backend.onRunEnded(runner::advanceIfActive); // as the app wires it; nothing polls in this test
        IngestResult result = upload("claims.csv", SampleData.damageIncidence(600, 23));
        TrainingJob done = await("job registered on its trainer's exit").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.get(result.job().id()).orElseThrow(), job -> job.state().isFinal());
        assertEquals(JobState.Registered, done.state(), String.valueOf(done.error()));
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
    }

    @Test
    void callersRacingToRegisterOneFinishedRunMakeOneVersion() throws Exception {
        // the trainer's exit and the poller (two callers on one instance), and other instances' pollers
        IngestResult result = upload("claims.csv", SampleData.damageIncidence(600, 24));
        TrainingJob running = result.job();
        await("the trainer finishes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> backend.poll(running).phase() == io.tabml.jobs.RunStatus.Phase.COMPLETED);
        var others = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> new JobRunner(jobs, backend, registry, Clock.systemUTC(), Duration.ofMinutes(5))).toList();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var callers = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var done = new java.util.ArrayList<java.util.concurrent.Future<TrainingJob>>();
            for (int i = 0; i < 8; i++) {
                JobRunner caller = i % 2 == 0 ? runner : others.get(i / 2 % others.size());
                done.add(callers.submit(() -> {
                    start.await();
                    return caller.advance(running);
                }));
            }
            start.countDown();
            for (var call : done) call.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        TrainingJob registered = awaitFinal(running.id());
        assertEquals(JobState.Registered, registered.state(), String.valueOf(registered.error()));
        assertEquals(List.of(1), registry.versions(model));
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
        assertNull(done.drift(), "the first upload has no champion to be compared with");
        // where the seconds went: every step from upload to served, in order, and the trainer's phases
        assertEquals(List.of(Milestone.values()), List.copyOf(done.timeline().keySet()), "a promoted first version reaches every step");
        List<Instant> times = List.copyOf(done.timeline().values());
        for (int i = 1; i < times.size(); i++) assertFalse(times.get(i).isBefore(times.get(i - 1)), done.timeline().toString());
        assertEquals(List.of("schema", "selection", "final fit", "evaluation", "importance", "references"),
                List.copyOf(metadata.report().seconds().keySet()));

        // the next upload drives twice the mileage: the job, then the version, say that feature moved, and only it
        String[] lines = new String(SampleData.damageIncidence(800, 22), StandardCharsets.UTF_8).split("\n");
        int mileage = List.of(lines[0].split(",")).indexOf("annual_mileage_km");
        StringBuilder shifted = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (!cells[mileage].isEmpty()) cells[mileage] = Long.toString(2 * Long.parseLong(cells[mileage])); // the sample leaves some empty
            shifted.append(String.join(",", cells)).append('\n');
        }
        // the search is not what is tested here: one learner keeps the second training short
        blobs.write(DatasetLayout.CONTAINER, DatasetLayout.configPath(model), SampleData.csv("{\"algorithms\": [\"logistic-regression\"]}"));
        // and it is tagged as made from feedback, as FeedbackRetraining tags what it writes: the job and the version say so
        byte[] secondContent = shifted.toString().getBytes(StandardCharsets.UTF_8);
        blobs.createIfAbsent(DatasetLayout.CONTAINER, model + "/claims-2.csv", secondContent,
                Map.of(DatasetLayout.ORIGIN_METADATA, DatasetLayout.FEEDBACK_ORIGIN));
        TrainingJob second = ingestion.ingest(model, model + "/claims-2.csv").job();
        assertEquals("feedback", second.dataset().origin());
        DatasetDrift drift = second.drift();
        assertEquals(1, drift.version());
        assertEquals(800, drift.rows());
        assertEquals(List.of("annual_mileage_km"), drift.moved().stream().map(DatasetDrift.FeatureShift::feature).toList(), drift.summary());
        assertEquals(DatasetDrift.Reading.major, drift.moved().get(0).reading());
        assertTrue(drift.summary().startsWith("1 of 11 features moved from version 1's training data: annual_mileage_km (PSI "), drift.summary());
        TrainingJob secondDone = awaitFinal(second.id());
        var secondLineage = registry.metadata(model, secondDone.version()).orElseThrow().lineage();
        assertEquals(drift, secondLineage.drift());
        assertEquals("feedback", secondLineage.origin());
    }

    @Test
    void theSameUploadDeliveredTwiceMakesOneJob() {
        byte[] content = SampleData.damageIncidence(300, 5);
        IngestResult first = upload("a.csv", content);
        IngestResult again = ingestion.ingest(model, model + "/a.csv");
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
        RejectionReport report = Json.read(blobs.read(DatasetLayout.REJECTED_CONTAINER, model + "/bad.json").orElseThrow().value(),
                RejectionReport.class);
        assertEquals("missing_target_column", report.code());
        assertEquals(job.id(), report.jobId());
        assertEquals(1L, report.line());
        assertTrue(report.message().contains("no 'target' column"), report.message());
    }

    @Test
    void rejectsAnInvalidConfigNamingTheProblemAndTrainsOnceItIsFixed() {
        byte[] data = SampleData.damageIncidence(200, 1);
        blobs.write(DatasetLayout.CONTAINER, model + "/config.json", SampleData.csv("{\"targetColumn\": 5, \"oops\": 1}"));
        String expected = ingestion.expectedJobId(model, Sha256.of(data));
        IngestResult result = upload("data.csv", data);
        assertEquals(IngestResult.Outcome.REJECTED, result.outcome());
        assertEquals("invalid_config", result.job().error().code());
        assertEquals(expected, result.job().id(), "the id an uploader was given names the rejected job");

        blobs.write(DatasetLayout.CONTAINER, model + "/config.json", SampleData.csv("{\"algorithms\": [\"logistic-regression\"]}"));
        IngestResult fixed = upload("data.csv", data);
        assertEquals(IngestResult.Outcome.STARTED, fixed.outcome());
        assertEquals(ingestion.expectedJobId(model, Sha256.of(data)), fixed.job().id());
    }

    @Test
    void anUploadRefusedUnderOneLimitTrainsUnderALargerOne() {
        byte[] data = SampleData.damageIncidence(300, 2);
        var strict = new DatasetIngestion(blobs, jobs, runner, registry, 1_000, Clock.systemUTC());
        String path = model + "/big.csv";
        blobs.write(DatasetLayout.CONTAINER, path, data);
        IngestResult refused = strict.ingest(model, path);
        assertEquals("too_large", refused.job().error().code());
        assertEquals(ingestion.expectedJobId(model, Sha256.of(data)), refused.job().id());

        IngestResult accepted = ingestion.ingest(model, path);
        assertEquals(IngestResult.Outcome.STARTED, accepted.outcome(), accepted.message());
        assertEquals(refused.job().id(), accepted.job().id(), "the same data and settings name the same job");
    }

    @Test
    void filesAnInvalidModelNameWhereNoModelCanCollide() {
        String path = "Bad..Name/data.csv";
        blobs.write(DatasetLayout.CONTAINER, path, SampleData.damageIncidence(100, 1));
        IngestResult result = ingestion.ingest("Bad..Name", path);
        assertEquals(IngestResult.Outcome.REJECTED, result.outcome());
        assertNotNull(blobs.read(DatasetLayout.REJECTED_CONTAINER, "_invalid-model-name/Bad..Name/data.json").orElse(null));
    }
}
