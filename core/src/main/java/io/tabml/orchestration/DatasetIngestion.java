package io.tabml.orchestration;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.ingest.DatasetLayout;
import io.tabml.ingest.DatasetSummary;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.RejectionReport;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.TrainingJob;
import io.tabml.jobs.TrainingJob.Milestone;
import io.tabml.registry.ModelRegistry;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.storage.Sha256;
import io.tabml.training.DatasetDrift;
import io.tabml.training.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an upload under {@code datasets/<model>/} into a training job. The job id is derived from
 * the content's sha256 and the training config, and the job document is created only if absent,
 * so an upload delivered twice (at-least-once triggers, two instances) starts one job. A file
 * that cannot be trained on gets a {@code Rejected} job and a report in {@code rejected/}.
 */
public final class DatasetIngestion {
    private static final Logger LOG = Logger.getLogger(DatasetIngestion.class.getName());

    private final BlobStore blobs;
    private final JobStore jobs;
    private final JobRunner runner;
    private final ModelRegistry registry;
    private final DatasetValidator validator;
    private final Clock clock;

    public DatasetIngestion(BlobStore blobs, JobStore jobs, JobRunner runner, ModelRegistry registry, long maxBytes, Clock clock) {
        this.blobs = blobs;
        this.jobs = jobs;
        this.runner = runner;
        this.registry = registry;
        this.validator = new DatasetValidator(maxBytes);
        this.clock = clock;
    }

    /**
     * Ingests {@code datasets/<model>/<file>} as it is in storage now, read as a stream pinned to its
     * ETag: validated and fingerprinted in one pass, compared with the champion's training data in a
     * second, so a file of any size is never held in memory.
     *
     * @param path the blob's path inside the datasets container, e.g. {@code claims/2026-11.csv}
     */
    public IngestResult ingest(String model, String path) {
        Instant triggered = clock.instant();
        if (!ModelName.isValid(model)) return rejectModelName(model, path);
        var found = blobs.properties(DatasetLayout.CONTAINER, path);
        if (found.isEmpty()) return gone(path);
        BlobStore.StoredBlob stored = found.get();
        String etag = stored.etag();
        Instant uploaded = stored.lastModified().toInstant();
        String origin = stored.metadata().get(DatasetLayout.ORIGIN_METADATA);
        String url = blobs.url(DatasetLayout.CONTAINER, path);
        ModelSettings settings = settings(model);
        DatasetSummary summary;
        try (InputStream content = blobs.openRead(DatasetLayout.CONTAINER, path, etag).orElse(null)) {
            if (content == null) return gone(path);
            summary = validator.validate(content, settings.config().target());
        } catch (DatasetRejectedException rejection) {
            // the validator may stop early; the job id needs the whole file's fingerprint: a second pass, for refusals only
            String sha256 = fingerprint(path, etag);
            if (sha256 == null) return gone(path);
            String id = jobId(model, sha256, settings.key());
            var dataset = new TrainingJob.DatasetRef(DatasetLayout.CONTAINER, path, url, etag, sha256, stored.size(), null);
            return reject(TrainingJob.submitted(id, model, dataset, null, clock.instant()), path, rejection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var dataset = new TrainingJob.DatasetRef(DatasetLayout.CONTAINER, path, url, etag, summary.sha256(), summary.bytes(), summary.rows(),
                origin);
        Instant validated = clock.instant();
        DatasetDrift drift = driftFromChampion(model, path, etag);
        TrainingJob job = TrainingJob.submitted(jobId(model, summary.sha256(), settings.key()), model, dataset, settings.config(),
                        clock.instant()).withDrift(drift)
                .reached(Milestone.uploaded, uploaded).reached(Milestone.triggered, triggered).reached(Milestone.validated, validated);
        if (!jobs.create(job)) {
            TrainingJob existing = jobs.get(job.id()).orElse(job);
            if (restartable(existing)) {
                return retry(existing, job);
            }
            return new IngestResult(IngestResult.Outcome.DUPLICATE, existing, "same content and config as job " + existing.id()
                    + (existing.version() != null ? " (model version " + existing.version() + ")" : "") + ": nothing to do");
        }
        return new IngestResult(IngestResult.Outcome.STARTED, runner.start(job), "training started");
    }

    /** The file was deleted or replaced before it was read: its newer version, if any, is ingested on its own event. */
    private static IngestResult gone(String path) {
        return new IngestResult(IngestResult.Outcome.GONE, null, DatasetLayout.CONTAINER + "/" + path
                + " was deleted or replaced before it was read; a newer version is ingested on its own");
    }

    /** The sha256 of the blob's version, read as a stream; null when that version is gone. */
    private String fingerprint(String path, String etag) {
        try (InputStream content = blobs.openRead(DatasetLayout.CONTAINER, path, etag).orElse(null)) {
            return content == null ? null : Sha256.of(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The id of the job this content will get under the model's current settings, whether it will be
     * trained or refused (so an uploader can follow either). It needs the content's hash only: the
     * file is read as CSV when its BlobCreated event is ingested.
     */
    public String expectedJobId(String model, String contentSha256) {
        return jobId(model, contentSha256, settings(model).key());
    }

    /**
     * The upload against the champion's training data, feature by feature, so that the job (and the
     * version it makes) says what moved; null without a champion or one whose report predates the
     * drift reference. Only informs: a failure here is logged and never stops the upload.
     */
    private DatasetDrift driftFromChampion(String model, String path, String etag) {
        try {
            var champion = registry.champion(model).flatMap(c -> registry.metadata(model, c.value().version()))
                    .filter(c -> c.report().driftReference() != null);
            if (champion.isEmpty()) return null;
            try (InputStream content = blobs.openRead(DatasetLayout.CONTAINER, path, etag).orElseThrow()) {
                return DatasetDrift.of(champion.get().version(), champion.get().report().driftReference(), content);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not compare the upload for " + model + " with its champion's training data", e);
            return null;
        }
    }

    /**
     * A job that may run again when its data comes again: it failed, was canceled, or was refused
     * here at ingestion (never started), which only happens again if the settings still refuse it.
     */
    private static boolean restartable(TrainingJob job) {
        return job.state() == JobState.Failed || job.state() == JobState.Canceled
                || (job.state() == JobState.Rejected && job.backend() == null);
    }

    /** The same data after a failed, canceled or refused run: try again under the same job id. */
    private IngestResult retry(TrainingJob previous, TrainingJob fresh) {
        var reset = jobs.update(previous.id(), current -> restartable(current) ? fresh : current).orElse(fresh);
        if (reset.state() != JobState.Submitted) {
            return new IngestResult(IngestResult.Outcome.DUPLICATE, reset, "job " + reset.id() + " is already being retried");
        }
        return new IngestResult(IngestResult.Outcome.STARTED, runner.start(reset), "training restarted after the previous run "
                + previous.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    private IngestResult reject(TrainingJob submitted, String path, DatasetRejectedException rejection) {
        var error = new TrainingJob.JobError(rejection.code(), rejection.getMessage(), rejection.line());
        TrainingJob job = submitted.ended(JobState.Rejected, error, clock.instant());
        if (!jobs.create(job)) {
            job = jobs.get(job.id()).orElse(job);
        }
        // the report last: whoever sees it finds the job too; a retry after a crash writes it again
        blobs.write(DatasetLayout.REJECTED_CONTAINER, DatasetLayout.reportPath(path), Json.write(new RejectionReport(job.model(), DatasetLayout.CONTAINER + "/" + path,
                job.dataset().etag(), rejection.code(), rejection.getMessage(), rejection.line(), job.id(), clock.instant())));
        return new IngestResult(IngestResult.Outcome.REJECTED, job, rejection.getMessage());
    }

    /** A path segment that cannot be a model name: only a report, filed where no model can collide with it. */
    private IngestResult rejectModelName(String model, String path) {
        String message = "'" + model + "' is not a valid model name: use 1-63 characters of a-z, 0-9 and '-' "
                + "(the folder under datasets/ names the model)";
        blobs.write(DatasetLayout.REJECTED_CONTAINER, DatasetLayout.invalidModelReportPath(path), Json.write(new RejectionReport(model,
                DatasetLayout.CONTAINER + "/" + path, null, "invalid_model_name", message, null, null, clock.instant())));
        return new IngestResult(IngestResult.Outcome.REJECTED, null, message);
    }

    /** The model's settings from its config.json (the defaults without one); an invalid one refuses every upload. */
    private ModelSettings settings(String model) {
        var stored = blobs.read(DatasetLayout.CONTAINER, DatasetLayout.configPath(model));
        if (stored.isEmpty()) return new ModelSettings(TrainingConfig.DEFAULTS, null, TrainingConfig.DEFAULTS.fingerprint());
        byte[] json = stored.get().value();
        try {
            TrainingConfig config = TrainingConfig.parse(json);
            return new ModelSettings(config, null, config.fingerprint());
        } catch (DatasetRejectedException invalid) {
            return new ModelSettings(null, invalid, "invalid-config " + Sha256.of(json));
        }
    }

    /**
     * A model's training settings and their part of job ids: the config's fingerprint, or for a
     * config.json that cannot be read, its hash (a fixed file then names a new job).
     */
    private record ModelSettings(TrainingConfig parsed, DatasetRejectedException problem, String key) {
        /** The settings; the reason the config is invalid, thrown, when it is. */
        TrainingConfig config() {
            if (problem != null) throw problem;
            return parsed;
        }
    }

    /** @param settingsKey the {@link ModelSettings#key() key} of the model's settings */
    static String jobId(String model, String contentSha256, String settingsKey) {
        byte[] key = (contentSha256 + "\n" + settingsKey).getBytes(StandardCharsets.UTF_8);
        String hash = Sha256.of(key).substring(0, 16);
        String prefix = model.length() > 40 ? model.substring(0, 40) : model;
        return prefix + "-" + hash;
    }
}
