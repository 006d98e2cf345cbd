package io.tabml.orchestration;

import io.tabml.jobs.InAppBackend;
import io.tabml.jobs.InAppRun;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.RunStatus;
import io.tabml.jobs.TrainingJob;
import io.tabml.storage.BlobStore;
import io.tabml.training.ProgressListener;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingFailure;
import io.tabml.training.TrainingProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an in-app training run ({@link InAppBackend}) inside the queue-triggered invocation that
 * received its message: downloads the dataset to the instance's temporary storage, trains in this
 * JVM and stages the result or the failure, where the job poller finds it as for any backend. It
 * returns only when the run has ended, so no work outlives the invocation.
 *
 * <p>A message received a second time means its first delivery never finished (the queue hides a
 * message while an invocation holds it; a delivery that ends, well or badly, deletes it): the host
 * training it stopped. The run is recorded as lost and the job started again with a new message,
 * up to the job runner's bound ({@link JobRunner#restartLost}). A message the Functions host gave
 * up on (the poison queue) fails its job, naming why.
 */
public final class InAppTraining {
    private static final Logger LOG = Logger.getLogger(InAppTraining.class.getName());
    /** How long a message may wait for the job runner to record the run it belongs to (it sends the message first). */
    static final Duration START_WAIT = Duration.ofSeconds(60);

    private final JobStore jobs;
    private final JobRunner runner;
    private final BlobStore blobs;
    private final StagingArea staging;
    private final Clock clock;

    public InAppTraining(JobStore jobs, JobRunner runner, BlobStore blobs, Clock clock) {
        this.jobs = jobs;
        this.runner = runner;
        this.blobs = blobs;
        this.staging = new StagingArea(blobs);
        this.clock = clock;
    }

    /** What one delivery did, for the invocation's log. */
    public record Outcome(String jobId, Kind kind, String detail) {
        public enum Kind { TRAINED, RESTARTED, FAILED, DROPPED }
    }

    /**
     * One delivery of a run's message.
     *
     * @param dequeueCount how many times the queue has handed out this message, this time included
     */
    public Outcome run(InAppRun run, long dequeueCount) {
        Optional<TrainingJob> found = awaitStarted(run.jobId());
        if (found.isEmpty()) return dropped(run, "there is no such job");
        TrainingJob job = found.get();
        if (!isCurrent(job, run)) return dropped(run, "the job is " + job.state() + " with run " + job.backendRef());
        if (dequeueCount > 1) return restart(job, run, dequeueCount);
        return train(job, run);
    }

    /** A message the Functions host moved to the poison queue: its job, if still on that run, fails naming why. */
    public Outcome poisoned(InAppRun run) {
        var error = new TrainingJob.JobError("inapp_message_poisoned", "the in-app run " + run.backendRef() + " was taken from queue "
                + InAppBackend.QUEUE + " as many times as host.json allows (extensions.queues.maxDequeueCount) and the function failed "
                + "each time, so the Functions host moved its message to " + InAppBackend.POISON_QUEUE
                + ": see the errors of the function trainInApp in the app's logs", null);
        TrainingJob after = jobs.update(run.jobId(), current -> isCurrent(current, run)
                ? current.ended(JobState.Failed, error, clock.instant()) : current).orElse(null);
        if (after == null || !error.equals(after.error())) return dropped(run, "the job had already moved on");
        return new Outcome(run.jobId(), Outcome.Kind.FAILED, error.message());
    }

    private Outcome restart(TrainingJob job, InAppRun run, long dequeueCount) {
        if (staging.failure(job.id()).isPresent() || staging.missingResult(job.id()).isEmpty()) {
            return dropped(run, "the run had ended; its host stopped before the message was deleted");
        }
        var loss = RunStatus.lost("the in-app run " + run.backendRef() + " did not finish: its queue message came back (delivery "
                + dequeueCount + ") after the instance training it stopped (scale-in, a platform update or a deployment)").error();
        TrainingJob after = runner.restartLost(job, loss);
        return after.state() == JobState.Failed
                ? new Outcome(job.id(), Outcome.Kind.FAILED, after.error().message())
                : new Outcome(job.id(), Outcome.Kind.RESTARTED, "run " + run.backendRef() + " lost, started again as " + after.backendRef());
    }

    private Outcome train(TrainingJob job, InAppRun run) {
        if (blobs.properties(job.dataset().container(), job.dataset().path()).isEmpty()) {
            staging.stageFailure(job.id(), new TrainingFailure(false, "dataset_missing", "the dataset " + job.dataset().container()
                    + "/" + job.dataset().path() + " no longer exists", null));
            return new Outcome(job.id(), Outcome.Kind.FAILED, "the dataset is gone");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tabml-inapp-" + job.id());
            Path data = dir.resolve("data.csv");
            blobs.downloadToFile(job.dataset().container(), job.dataset().path(), data);
            var out = new StagingArea.RunFolder(dir.resolve("out"));
            trainInThisJvm(job, run, data, out);
            if (!isCurrent(jobs.get(job.id()).orElse(null), run)) {
                return dropped(run, "the job ended or was started again while this run trained; its output is discarded");
            }
            Optional<TrainingFailure> failure = out.failure();
            if (failure.isPresent()) {
                staging.stageFailure(job.id(), failure.get());
                return new Outcome(job.id(), Outcome.Kind.FAILED, failure.get().code() + ": " + failure.get().message());
            }
            staging.stageResult(job.id(), out);
            return new Outcome(job.id(), Outcome.Kind.TRAINED, "staged in " + StagingArea.describe(job.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("in-app run " + run.backendRef() + " of job " + job.id() + " could not use its temporary folder", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The trainer in this JVM. Each progress step is staged for the poller and first checks that the
     * job still runs this run: a canceled or restarted job stops it there (the trainer reports the
     * stop as its failure, which is then discarded). A heap too small for the data fails the run
     * rather than the invocation, which would only be delivered again to run out of memory again.
     */
    private void trainInThisJvm(TrainingJob job, InAppRun run, Path data, StagingArea.RunFolder out) {
        ProgressListener progress = (stage, percent) -> {
            if (!isCurrent(jobs.get(job.id()).orElse(null), run)) throw new IllegalStateException("the job no longer runs " + run.backendRef());
            staging.writeProgress(job.id(), new TrainingProgress(stage, percent, clock.instant()));
        };
        try {
            TrainerMain.train(data, job.config(), out, progress);
        } catch (OutOfMemoryError e) {
            out.writeFailure(new TrainingFailure(false, "inapp_out_of_memory", "training a dataset of " + job.dataset().bytes()
                    + " bytes ran out of memory inside the function app (heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): "
                    + "lower INAPP_TRAINING_MAX_BYTES so that such datasets train on Azure ML, or raise the instance memory", null));
        }
    }

    /**
     * The job, once the runner has recorded the run it started: it sends the message before it
     * records the run's reference, so a fast delivery can find the job still Queued without one.
     */
    private Optional<TrainingJob> awaitStarted(String jobId) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            Optional<TrainingJob> job = jobs.get(jobId);
            boolean starting = job.isPresent() && job.get().state() == JobState.Queued && job.get().backendRef() == null;
            if (!starting || System.nanoTime() - deadline > 0) return job;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
        }
    }

    private static boolean isCurrent(TrainingJob job, InAppRun run) {
        return job != null && job.state() == JobState.Running && run.backendRef().equals(job.backendRef());
    }

    private static Outcome dropped(InAppRun run, String why) {
        return new Outcome(run.jobId(), Outcome.Kind.DROPPED, "message of run " + run.backendRef() + " dropped: " + why);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + dir + " (the instance's temporary storage)", e);
        }
    }
}
