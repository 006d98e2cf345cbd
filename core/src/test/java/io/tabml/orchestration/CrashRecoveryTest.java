package io.tabml.orchestration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process dies between two steps of ingestion or registration; the next poll, by the same or
 * another instance, finishes the job: no half version is visible, the champion names a complete
 * version, and every job ends Registered, Failed or Rejected, none stuck.
 */
@EndToEnd
class CrashRecoveryTest {
    @TempDir
    Path state;

    final MutableClock clock = new MutableClock();
    BlobStore blobs;
    JobStore jobs;
    ModelRegistry registry;
    JobRunner runner;
    String model;

    @BeforeEach
    void wire() {
        blobs = Azurite.shared().blobStore();
        jobs = new JobStore(blobs);
        registry = new ModelRegistry(blobs, new QualityGate(0.01), clock);
        runner = newInstance();
        model = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void invariants() {
        List<Integer> versions = registry.versions(model);
        for (int v : versions) assertTrue(registry.load(model, v).isPresent(), "version " + v + " loads completely");
        registry.champion(model).ifPresent(c -> assertTrue(versions.contains(c.value().version()),
                "the champion " + c.value().version() + " is a complete version of " + versions));
    }

    /** Another process (or the same one restarted): a new runner with its own instance id. */
    private JobRunner newInstance() {
        return new JobRunner(jobs, new LocalProcessBackend(blobs, state, "-Xmx256m"), registry, clock, Duration.ofMinutes(30));
    }

    private TrainingJob storedJob(int rows) {
        String path = model + "/data.csv";
        blobs.write("datasets", path, SampleData.damageIncidence(rows, 3));
        var dataset = new TrainingJob.DatasetRef("datasets", path, blobs.url("datasets", path), "etag", "sha", null, (long) rows);
        var config = new TrainingConfig(null, null, List.of("logistic-regression"), null, 2, null, null);
        TrainingJob job = TrainingJob.submitted(model + "-job", model, dataset, config, clock.instant());
        assertTrue(jobs.create(job));
        return job;
    }

    private TrainingJob pollUntilFinal(JobRunner instance, String id) {
        return await("job " + id + " ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    pollThisModel(instance);
                    return jobs.get(id).orElseThrow();
                }, job -> job.state().isFinal());
    }

    /**
     * What the poller timer does, for this test's jobs only: the job store is shared with other
     * suites, and a runner polling their jobs would start their trainers in this test's folder.
     */
    private void pollThisModel(JobRunner instance) {
        for (TrainingJob job : jobs.list(model, null)) if (!job.state().isFinal()) instance.advance(job);
    }

    /** The job's error and its trainer's log, for a failure message. */
    private String why(TrainingJob job) throws java.io.IOException {
        Path log = state.resolve("runs").resolve(job.id()).resolve("trainer.log");
        return job.error() + (Files.exists(log) ? "\ntrainer log:\n" + Files.readString(log) : "");
    }

    /**
     * Trains for real and leaves the output in staging, as a finished run does; the job is Completed.
     * 1,500 rows: enough for the version to pass the quality gate, which these tests need it to.
     */
    private TrainingJob completedJob(Path dir) throws Exception {
        TrainingJob job = storedJob(1500);
        Path data = Files.write(dir.resolve("data.csv"), SampleData.damageIncidence(1500, 3));
        Path config = Files.writeString(dir.resolve("config.json"), "{\"algorithms\": [\"logistic-regression\"]}");
        assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(),
                "--out", dir.resolve("out").toString()}));
        for (String file : List.of(StagingArea.MODEL_FILE, StagingArea.REPORT_FILE)) {
            blobs.uploadFile(StagingArea.CONTAINER, job.id() + "/" + file, dir.resolve("out").resolve(file));
        }
        return jobs.update(job.id(), j -> j.queued(new TrainingJob.Placement("local", "TRAINING_BACKEND is local"), clock.instant()).running("local:1:" + dir, "done", 100, clock.instant())
                .completed(clock.instant())).orElseThrow();
    }

    private Lineage lineage(TrainingJob job) {
        return new Lineage(job.dataset().url(), "etag", "sha", job.dataset().rows(), job.config(), job.id(), "local", null);
    }

    @Test
    void aJobLeftSubmittedIsStartedByTheNextPollAndRegistered() throws Exception {
        TrainingJob job = storedJob(600); // the ingesting process died right after creating the job
        clock.advance(JobRunner.ORPHAN_AFTER.plusSeconds(1));
        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state(), why(done));
        assertEquals(List.of(1), registry.versions(model));
    }

    @Test
    void aStartInterruptedBeforeTheRunBeganIsStartedAgain() throws Exception {
        TrainingJob job = storedJob(600);
        jobs.update(job.id(), j -> j.queued(new TrainingJob.Placement("local", "TRAINING_BACKEND is local"), clock.instant())); // claimed, then the process died
        clock.advance(JobRunner.ORPHAN_AFTER.plusSeconds(1));
        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state(), why(done));
    }

    @Test
    void aTrainerKilledWithItsHostIsStartedAgainAndTheLostRunRecorded() throws Exception {
        TrainingJob job = runner.start(storedJob(600));
        kill(job);
        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state(), why(done));
        assertEquals(1, done.lostRuns().size());
        TrainingJob.LostRun lost = done.lostRuns().get(0);
        assertEquals(job.backendRef(), lost.backendRef());
        assertTrue(lost.reason().contains("trainer.log"), lost.reason());
        assertEquals(List.of(1), registry.versions(model), "one version from the run that finished");
    }

    @Test
    void aRunLostEveryTimeEndsFailedAfterThreeRunsEachRecorded() throws Exception {
        TrainingJob job = runner.start(storedJob(600));
        JobRunner poller = newInstance();
        Set<String> killed = new HashSet<>();
        TrainingJob current = job;
        for (int polls = 0; !current.state().isFinal() && polls < 200; polls++) {
            if (current.backendRef() != null && killed.add(current.backendRef())) kill(current);
            pollThisModel(poller);
            current = jobs.get(job.id()).orElseThrow();
            Thread.sleep(50);
        }
        assertEquals(JobState.Failed, current.state(), why(current));
        assertEquals("trainer_lost", current.error().code());
        assertTrue(current.error().message().endsWith("the run was lost 3 times, so it is not started again"), current.error().message());
        assertEquals(3, current.lostRuns().size());
        assertEquals(killed, current.lostRuns().stream().map(TrainingJob.LostRun::backendRef).collect(Collectors.toSet()));
        assertEquals(List.of(), registry.versions(model), "no version from a killed run");
    }

    /** Kills a job's local trainer, as the end of its host (a recycled instance) would. */
    private static void kill(TrainingJob job) {
        ProcessHandle trainer = ProcessHandle.of(Long.parseLong(job.backendRef().split(":", 3)[1])).orElseThrow();
        trainer.destroyForcibly();
        trainer.onExit().join();
    }

    @Test
    void aRegistrationThatDiedAfterClaimingItsVersionFinishesWithThatVersion(@TempDir Path dir) throws Exception {
        TrainingJob job = completedJob(dir);
        byte[] artifact = blobs.read(StagingArea.CONTAINER, job.id() + "/model.bin").orElseThrow().value();
        blobs.createIfAbsent(ModelRegistry.CONTAINER, model + "/versions/1/model.bin", artifact, Map.of("jobid", job.id()));
        assertEquals(List.of(), registry.versions(model), "the claimed version is not visible yet");

        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state());
        assertEquals(1, done.version());
        assertEquals(List.of(1), registry.versions(model));
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
    }

    @Test
    void aRegistrationThatDiedBeforePromotingStillPromotes(@TempDir Path dir) throws Exception {
        TrainingJob job = completedJob(dir);
        registry.register(model, job.id(), lineage(job));
        blobs.delete(ModelRegistry.CONTAINER, model + "/champion.json"); // as if the process died before this write
        blobs.list(ModelRegistry.CONTAINER, model + "/audit/").forEach(b -> blobs.delete(ModelRegistry.CONTAINER, b.path()));
        clock.advance(Duration.ofSeconds(1));

        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state());
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
        assertEquals(List.of(1), registry.versions(model), "the retry made no second version");
    }

    @Test
    void aRegistrationThatDiedBeforeMarkingTheJobMakesNoSecondVersion(@TempDir Path dir) throws Exception {
        TrainingJob job = completedJob(dir);
        registry.register(model, job.id(), lineage(job)); // registered and promoted; the job still says Completed
        TrainingJob done = pollUntilFinal(newInstance(), job.id());
        assertEquals(JobState.Registered, done.state());
        assertEquals(1, done.version());
        assertEquals(List.of(1), registry.versions(model));
    }

    @Test
    void aJobOfABackendThisAppNoLongerRunsEndsFailedWithAReason() throws Exception {
        TrainingJob job = storedJob(100);
        jobs.update(job.id(), j -> j.queued(new TrainingJob.Placement("azureml", "TRAINING_BACKEND is azureml"), clock.instant()).running("tabml-job-1", "queued", 0, clock.instant()));
        TrainingJob done = pollUntilFinal(runner, job.id());
        assertEquals(JobState.Failed, done.state());
        assertEquals("backend_changed", done.error().code());
        assertTrue(done.error().message().contains("TRAINING_BACKEND"));
    }

    /** A clock the test moves forward, to make claims and orphans old without waiting. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
