package io.tabml.orchestration;

import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.RunStatus;
import io.tabml.jobs.TrainingBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.registry.GateDecision;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelMetadata;
import io.tabml.registry.ModelRegistry;
import io.tabml.training.ModelArtifact;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves jobs through their states: starts submitted jobs on the training backend, follows
 * running ones, registers completed ones and ends those past their time budget. Every step is
 * safe to repeat and to run on several instances at once: transitions are ETag-conditional
 * updates of the job document, and registration is idempotent per job.
 */
public final class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
    /** A job left Submitted or Queued without a run this long was orphaned by a crash: start it again. */
    static final Duration ORPHAN_AFTER = Duration.ofMinutes(2);
    /** A registration claim this old was left by an instance that died: another may take it over. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    /** How many times a job's run may be started when its trainer keeps vanishing: a data problem would fail, not vanish. */
    static final int MAX_RUNS = 3;

    private final JobStore jobs;
    private final TrainingBackend backend;
    private final ModelRegistry registry;
    private final Clock clock;
    private final Duration timeout;
    private final String instanceId = java.util.UUID.randomUUID().toString();

    public JobRunner(JobStore jobs, TrainingBackend backend, ModelRegistry registry, Clock clock, Duration timeout) {
        this.jobs = jobs;
        this.backend = backend;
        this.registry = registry;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Claims a Submitted (or orphaned) job for the backend and starts its run. */
    public TrainingJob start(TrainingJob job) {
        Instant claimedAt = clock.instant();
        TrainingJob.Placement placement = backend.place(job);
        var claimed = jobs.update(job.id(), current -> startable(current) ? current.queued(placement, claimedAt) : current);
        if (claimed.isEmpty() || !claimedAt.equals(claimed.get().updatedAt())) {
            return claimed.orElse(job); // another instance has it, or it moved on
        }
        try {
            String ref = backend.submit(claimed.get());
            return jobs.update(job.id(), current -> current.state() == JobState.Queued
                    ? current.running(ref, "starting", 0, clock.instant()) : current).orElseThrow();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not start job " + job.id(), e);
            return end(job.id(), JobState.Failed, new TrainingJob.JobError("submit_failed",
                    "the training backend could not start the job: " + e.getMessage(), null));
        }
    }

    /** Stops a job that has not ended yet; an ended job is returned as it is. */
    public TrainingJob cancel(String id) {
        TrainingJob job = jobs.get(id).orElseThrow(() -> new io.tabml.errors.NotFoundException("no job with id '" + id + "'"));
        if (job.state().isFinal()) return job;
        if (job.backendRef() != null) backend.cancel(job);
        return end(id, JobState.Canceled, new TrainingJob.JobError("canceled", "canceled through the API", null));
    }

    /** One pass over every unfinished job; returns the jobs it changed. */
    public List<TrainingJob> pollActive() {
        List<TrainingJob> changed = new ArrayList<>();
        for (TrainingJob job : jobs.list()) {
            if (job.state().isFinal()) continue;
            try {
                TrainingJob after = advance(job);
                if (!after.equals(job)) changed.add(after);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job " + job.id() + " could not be advanced; will retry on the next poll", e);
            }
        }
        return changed;
    }

    /**
     * One step for the job now, if it is unfinished: for a backend that says when a run ends
     * ({@link io.tabml.jobs.LocalProcessBackend#onRunEnded}). A failure is logged and left to the next poll.
     */
    public void advanceIfActive(String id) {
        try {
            jobs.get(id).filter(job -> !job.state().isFinal()).ifPresent(this::advance);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + id + " could not be advanced when its run ended; the next poll will", e);
        }
    }

    /** One step for one unfinished job (what {@link #pollActive} does for each). */
    public TrainingJob advance(TrainingJob job) {
        Instant now = clock.instant();
        if (startable(job)) {
            return Duration.between(job.updatedAt(), now).compareTo(ORPHAN_AFTER) > 0 ? start(job) : job;
        }
        if (job.state() == JobState.Completed) {
            return register(job);
        }
        if (job.startedAt() != null && Duration.between(job.startedAt(), now).compareTo(timeout) > 0) {
            backend.cancel(job);
            return end(job.id(), JobState.Failed, new TrainingJob.JobError("timeout", "training ran longer than its budget of "
                    + timeout.toMinutes() + " minutes and was stopped", null));
        }
        if (job.backend() != null && !backend.follows(job.backend())) {
            return end(job.id(), JobState.Failed, new TrainingJob.JobError("backend_changed", "the job ran on the '" + job.backend()
                    + "' backend, but this app now trains on '" + backend.name() + "' (TRAINING_BACKEND): upload the data again", null));
        }
        RunStatus status = backend.poll(job);
        return switch (status.phase()) {
            case QUEUED -> job;
            case RUNNING -> jobs.update(job.id(), current -> current.state().isFinal() ? current
                    : current.running(current.backendRef(), status.stage(), status.percent(), clock.instant())).orElse(job);
            case COMPLETED -> register(jobs.update(job.id(), current -> current.state() == JobState.Running
                    || current.state() == JobState.Queued ? current.completed(clock.instant()) : current).orElse(job));
            case FAILED -> end(job.id(), JobState.Failed, status.error());
            case REJECTED -> end(job.id(), JobState.Rejected, status.error());
            case CANCELED -> end(job.id(), JobState.Canceled, new TrainingJob.JobError("canceled", "the run was canceled", null));
            case LOST -> restartLost(job, status.error());
        };
    }

    /**
     * A run whose trainer vanished (its machine or host was recycled) is started again, up to
     * {@link #MAX_RUNS} runs in all, each lost one recorded in the job; then the job fails, naming them.
     * The poll finds local runs lost; an in-app run's queue message, delivered again after its host
     * died, finds its own (InAppTraining). Nothing happens unless {@code job} is still running that run.
     */
    public TrainingJob restartLost(TrainingJob job, TrainingJob.JobError loss) {
        String lostRef = job.backendRef();
        boolean last = job.lostRuns().size() + 1 >= MAX_RUNS;
        var failure = new TrainingJob.JobError(loss.code(), loss.message() + "; the run was lost " + MAX_RUNS
                + " times, so it is not started again", null);
        TrainingJob after = jobs.update(job.id(), current -> {
            if (current.state() != JobState.Running || !lostRef.equals(current.backendRef())) return current; // handled elsewhere
            TrainingJob recorded = current.withLostRun(loss.message(), clock.instant());
            return last ? recorded.ended(JobState.Failed, failure, clock.instant()) : recorded.resubmitted(clock.instant());
        }).orElse(job);
        return after.state() == JobState.Submitted ? start(after) : after;
    }

    private TrainingJob register(TrainingJob completed) {
        if (completed.state() != JobState.Completed) return completed;
        // one registrar per job: the version claim below is safe between jobs, this makes it safe within one. The claim is
        // this call's, not this instance's: one instance has two callers at once (the trainer's exit and the poller)
        String claimant = instanceId + "/" + java.util.UUID.randomUUID();
        TrainingJob job = jobs.update(completed.id(), current -> claimable(current) ? current.claimedBy(claimant, clock.instant())
                : current).orElse(completed);
        if (job.state() != JobState.Completed || job.registrar() == null || !claimant.equals(job.registrar().owner())) {
            return job;
        }
        try {
            return registerClaimed(job);
        } catch (RuntimeException e) {
            // let the next poll try again now rather than after STALE_CLAIM
            jobs.update(job.id(), current -> current.registrar() != null && claimant.equals(current.registrar().owner())
                    ? current.claimedBy(null, clock.instant()) : current);
            throw e;
        }
    }

    private TrainingJob registerClaimed(TrainingJob job) {
        var dataset = job.dataset();
        var lineage = new Lineage(dataset.url(), dataset.etag(), dataset.sha256(), dataset.rows(), job.config(),
                job.id(), job.backend(), job.drift(), dataset.origin());
        ModelMetadata metadata;
        try {
            metadata = registry.register(job.model(), job.id(), lineage);
        } catch (ModelArtifact.CorruptArtifactException e) {
            return end(job.id(), JobState.Failed, new TrainingJob.JobError("invalid_artifact",
                    "the trainer's output cannot be registered: " + e.getMessage(), null));
        }
        Instant promotedAt = metadata.gate().promote() ? registry.champion(job.model())
                .filter(champion -> champion.value().version() == metadata.version()).map(champion -> champion.value().promotedAt())
                .orElse(null) : null;
        return jobs.update(job.id(), current -> current.state() == JobState.Completed
                ? current.registered(metadata.version(), gateMessage(metadata.gate()), clock.instant(), promotedAt) : current).orElseThrow();
    }

    /** The gate's reason, then each warning, for the job's message (the upload page shows it). */
    private static String gateMessage(GateDecision gate) {
        return gate.warnings().isEmpty() ? gate.reason() : gate.reason() + "; warning: " + String.join("; warning: ", gate.warnings());
    }

    private TrainingJob end(String id, JobState state, TrainingJob.JobError error) {
        return jobs.update(id, current -> current.state().isFinal() ? current
                : current.ended(state, error, clock.instant())).orElseThrow();
    }

    private boolean claimable(TrainingJob job) {
        if (job.state() != JobState.Completed) return false;
        var claim = job.registrar();
        return claim == null || Duration.between(claim.since(), clock.instant()).compareTo(STALE_CLAIM) > 0;
    }

    private static boolean startable(TrainingJob job) {
        return job.state() == JobState.Submitted || (job.state() == JobState.Queued && job.backendRef() == null);
    }
}
