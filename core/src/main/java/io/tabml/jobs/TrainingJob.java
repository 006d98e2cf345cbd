package io.tabml.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.DatasetDrift;
import io.tabml.training.TrainingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One training run, stored as {@code jobs/<id>.json}. The id is derived from the dataset's
 * content and the training config, so the same upload delivered twice names the same job.
 *
 * @param dataset     where the data came from (container/path, ETag, sha256, size, rows)
 * @param backendRef  the backend's handle on the run (a local process id, an Azure ML job name)
 * @param version     the registered model version, once {@code Registered}
 * @param error       for Failed/Rejected: what went wrong, in words a person can act on
 * @param registrar   the call registering a Completed job (its instance, then a token of its own), so that no two callers,
 *                    on one instance or two, register it twice
 * @param drift       the data against the champion's training data, when the model had a champion at upload
 * @param timeline    when each step from upload to served happened ({@link Milestone}), for the latency
 *                    breakdown; the trainer's own phases are in the version's report
 * @param lostRuns    earlier runs of this job whose trainer vanished without a result (its machine or
 *                    host went away), each of which started it again
 * @param placement   which backend trains the job and why ({@link TrainingBackend#place}), once started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJob(String id, String model, JobState state, String stage, int progress, DatasetRef dataset,
                          TrainingConfig config, String backend, String backendRef, Integer version, JobError error,
                          String message, Instant createdAt, Instant updatedAt, Instant startedAt, Instant endedAt,
                          Claim registrar, DatasetDrift drift, Map<Milestone, Instant> timeline,
                          List<LostRun> lostRuns, Placement placement) {

    /**
     * The steps from upload to served, in order. {@code uploaded} is the blob's last-modified time,
     * {@code triggered} when ingestion began, {@code runStarted} when the backend accepted the run,
     * {@code runEnded} when a poll first saw it complete, {@code promoted} when the new version became
     * the champion (absent when the gate kept the old one), {@code registered} when the job recorded
     * its version, last.
     */
    public enum Milestone { uploaded, triggered, validated, submitted, runStarted, runEnded, promoted, registered }

    public TrainingJob {
        var ordered = new EnumMap<Milestone, Instant>(Milestone.class);
        if (timeline != null) ordered.putAll(timeline);
        timeline = Collections.unmodifiableMap(ordered);
        lostRuns = lostRuns == null ? List.of() : List.copyOf(lostRuns);
    }

    /** This job with {@code milestone} reached at {@code at}, unless it was reached before (the first time counts). */
    public TrainingJob reached(Milestone milestone, Instant at) {
        if (at == null || timeline.containsKey(milestone)) return this;
        var more = new EnumMap<Milestone, Instant>(Milestone.class);
        more.putAll(timeline);
        more.put(milestone, at);
        return new TrainingJob(id, model, state, stage, progress, dataset, config, backend, backendRef, version, error, message,
                createdAt, updatedAt, startedAt, endedAt, registrar, drift, more, lostRuns, placement);
    }

    public static TrainingJob submitted(String id, String model, DatasetRef dataset, TrainingConfig config, Instant now) {
        return new TrainingJob(id, model, JobState.Submitted, "submitted", 0, dataset, config, null, null, null, null,
                null, now, now, null, null, null, null, Map.of(), List.of(), null).reached(Milestone.submitted, now);
    }

    /** This job claimed for the backend the placement names. */
    public TrainingJob queued(Placement placement, Instant now) {
        return new TrainingJob(id, model, JobState.Queued, "queued", progress, dataset, config, placement.backend(), backendRef,
                version, error, message, createdAt, now, startedAt, endedAt, registrar, drift, timeline, lostRuns, placement);
    }

    public TrainingJob running(String backendRef, String stage, int progress, Instant now) {
        return new TrainingJob(id, model, JobState.Running, stage, progress, dataset, config, backend, backendRef,
                version, error, message, createdAt, now, startedAt == null ? now : startedAt, endedAt, registrar, drift, timeline, lostRuns, placement)
                .reached(Milestone.runStarted, now);
    }

    public TrainingJob completed(Instant now) {
        return new TrainingJob(id, model, JobState.Completed, "registering", 95, dataset, config, backend, backendRef,
                version, error, message, createdAt, now, startedAt, endedAt, registrar, drift, timeline, lostRuns, placement).reached(Milestone.runEnded, now);
    }

    /** This job with what its data showed against the champion's training data. */
    public TrainingJob withDrift(DatasetDrift drift) {
        return new TrainingJob(id, model, state, stage, progress, dataset, config, backend, backendRef, version, error, message,
                createdAt, updatedAt, startedAt, endedAt, registrar, drift, timeline, lostRuns, placement);
    }

    /** This job with its current run recorded as lost (see {@link #lostRuns}). */
    public TrainingJob withLostRun(String reason, Instant now) {
        List<LostRun> lost = new ArrayList<>(lostRuns);
        lost.add(new LostRun(backendRef, startedAt, now, reason));
        return new TrainingJob(id, model, state, stage, progress, dataset, config, backend, backendRef, version, error, message,
                createdAt, now, startedAt, endedAt, registrar, drift, timeline, lost, placement);
    }

    /** This job back to Submitted without a run, so that the next start runs it again. */
    public TrainingJob resubmitted(Instant now) {
        return new TrainingJob(id, model, JobState.Submitted, "starting again after a lost run", 0, dataset, config, backend, null,
                version, error, message, createdAt, now, null, endedAt, registrar, drift, timeline, lostRuns, placement);
    }

    /** This job with its registration claimed by one registering call, or released ({@code claimant} null). */
    public TrainingJob claimedBy(String claimant, Instant now) {
        return new TrainingJob(id, model, state, stage, progress, dataset, config, backend, backendRef, version, error, message,
                createdAt, now, startedAt, endedAt, claimant == null ? null : new Claim(claimant, now), drift, timeline, lostRuns, placement);
    }

    /** @param promotedAt when the version became the champion, or null when the gate kept the old one */
    public TrainingJob registered(int version, String message, Instant now, Instant promotedAt) {
        return new TrainingJob(id, model, JobState.Registered, "registered", 100, dataset, config, backend, backendRef,
                version, null, message, createdAt, now, startedAt, now, registrar, drift, timeline, lostRuns, placement)
                .reached(Milestone.registered, now).reached(Milestone.promoted, promotedAt);
    }

    public TrainingJob ended(JobState state, JobError error, Instant now) {
        return new TrainingJob(id, model, state, state.name().toLowerCase(java.util.Locale.ROOT), progress, dataset,
                config, backend, backendRef, version, error, message, createdAt, now, startedAt, now, registrar, drift, timeline, lostRuns, placement);
    }

    /**
     * The dataset a job trains on.
     *
     * @param origin where the data came from when not an upload: {@code feedback} (the blob's origin tag)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetRef(String container, String path, String url, String etag, String sha256, Long bytes, Long rows, String origin) {
        public DatasetRef(String container, String path, String url, String etag, String sha256, Long bytes, Long rows) {
            this(container, path, url, etag, sha256, bytes, rows, null);
        }
    }

    /**
     * Where a job trains and why: the backend's name ({@code local}, {@code inapp}, {@code azureml})
     * and, in words, what decided it (the setting, or the dataset's size against the in-app threshold).
     */
    public record Placement(String backend, String reason) {}

    /** A run whose trainer vanished: its backend reference, when it started, when it was found lost, and how. */
    public record LostRun(String backendRef, Instant startedAt, Instant lostAt, String reason) {}

    /** Who holds a claim and since when. */
    public record Claim(String owner, Instant since) {}

    /** Why a job failed or was refused; {@code line} where a line of the file is at fault. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobError(String code, String message, Long line) {}
}
