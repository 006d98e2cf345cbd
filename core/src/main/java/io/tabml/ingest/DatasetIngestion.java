package io.tabml.ingest;

import io.tabml.training.TrainingConfig;
import io.tabml.jobs.JobRunner;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.TrainingJob;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.storage.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns an upload under {@code datasets/<model>/} into a training job. The job id is derived from
 * the content's sha256 and the training config, and the job document is created only if absent,
 * so an upload delivered twice (at-least-once triggers, two instances) starts one job. A file
 * that cannot be trained on gets a {@code Rejected} job and a report in {@code rejected/}.
 */
public final class DatasetIngestion {
    public static final String DATASETS_CONTAINER = "datasets";
    public static final String REJECTED_CONTAINER = "rejected";

    private final BlobStore blobs;
    private final JobStore jobs;
    private final JobRunner runner;
    private final DatasetValidator validator;
    private final Clock clock;

    public DatasetIngestion(BlobStore blobs, JobStore jobs, JobRunner runner, long maxBytes, Clock clock) {
        this.blobs = blobs;
        this.jobs = jobs;
        this.runner = runner;
        this.validator = new DatasetValidator(maxBytes);
        this.clock = clock;
    }

    /**
     * Ingests {@code datasets/<model>/<file>} whose content the trigger delivered.
     *
     * @param path the blob's path inside the datasets container, e.g. {@code claims/2026-11.csv}
     */
    public IngestResult ingest(String model, String path, byte[] content) {
        if (!ModelName.isValid(model)) return rejectModelName(model, path);
        String etag = blobs.properties(DATASETS_CONTAINER, path).map(BlobStore.StoredBlob::etag).orElse(null);
        String url = blobs.url(DATASETS_CONTAINER, path);
        TrainingConfig config;
        DatasetSummary summary;
        try {
            config = config(model);
            summary = validator.validate(new ByteArrayInputStream(content), config);
        } catch (DatasetRejectedException rejection) {
            String id = jobId(model, Sha256.of(content), "rejected");
            var dataset = new TrainingJob.DatasetRef(DATASETS_CONTAINER, path, url, etag, Sha256.of(content), (long) content.length, null);
            return reject(TrainingJob.submitted(id, model, dataset, null, clock.instant()), path, rejection);
        }
        var dataset = new TrainingJob.DatasetRef(DATASETS_CONTAINER, path, url, etag, summary.sha256(), summary.bytes(), summary.rows());
        TrainingJob job = TrainingJob.submitted(jobId(model, summary.sha256(), config.fingerprint()), model, dataset, config, clock.instant());
        if (!jobs.create(job)) {
            TrainingJob existing = jobs.get(job.id()).orElse(job);
            if (existing.state() == JobState.Failed || existing.state() == JobState.Canceled) {
                return retry(existing, job);
            }
            return new IngestResult(IngestResult.Outcome.DUPLICATE, existing, "same content and config as job " + existing.id()
                    + (existing.version() != null ? " (model version " + existing.version() + ")" : "") + ": nothing to do");
        }
        return new IngestResult(IngestResult.Outcome.STARTED, runner.start(job), "training started");
    }

    /**
     * The job id this content will get under the model's current config: the training job's, or for
     * a file that will be refused, the rejected job's (so an uploader can follow either).
     */
    public String expectedJobId(String model, byte[] content) {
        try {
            TrainingConfig config = config(model);
            DatasetSummary summary = validator.validate(new ByteArrayInputStream(content), config);
            return jobId(model, summary.sha256(), config.fingerprint());
        } catch (DatasetRejectedException e) {
            return jobId(model, Sha256.of(content), "rejected");
        }
    }

    /** The same data after a failed or canceled run: try again under the same job id. */
    private IngestResult retry(TrainingJob previous, TrainingJob fresh) {
        var reset = jobs.update(previous.id(), current -> current.state() == JobState.Failed || current.state() == JobState.Canceled
                ? fresh : current).orElse(fresh);
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
        blobs.write(REJECTED_CONTAINER, reportPath(path), Json.write(new RejectionReport(job.model(), DATASETS_CONTAINER + "/" + path,
                job.dataset().etag(), rejection.code(), rejection.getMessage(), rejection.line(), job.id(), clock.instant())));
        return new IngestResult(IngestResult.Outcome.REJECTED, job, rejection.getMessage());
    }

    /** A path segment that cannot be a model name: only a report, filed where no model can collide with it. */
    private IngestResult rejectModelName(String model, String path) {
        String message = "'" + model + "' is not a valid model name: use 1-63 characters of a-z, 0-9 and '-' "
                + "(the folder under datasets/ names the model)";
        blobs.write(REJECTED_CONTAINER, "_invalid-model-name/" + reportPath(path), Json.write(new RejectionReport(model,
                DATASETS_CONTAINER + "/" + path, null, "invalid_model_name", message, null, null, clock.instant())));
        return new IngestResult(IngestResult.Outcome.REJECTED, null, message);
    }

    private TrainingConfig config(String model) {
        return blobs.read(DATASETS_CONTAINER, model + "/config.json")
                .map(v -> TrainingConfig.parse(v.value()))
                .orElse(TrainingConfig.DEFAULTS);
    }

    /** {@code claims/2026-11.csv} -> {@code claims/2026-11.json} */
    static String reportPath(String datasetPath) {
        int dot = datasetPath.lastIndexOf('.');
        return (dot > datasetPath.lastIndexOf('/') ? datasetPath.substring(0, dot) : datasetPath) + ".json";
    }

    static String jobId(String model, String contentSha256, String configFingerprint) {
        byte[] key = (contentSha256 + "\n" + configFingerprint).getBytes(StandardCharsets.UTF_8);
        String hash = Sha256.of(key).substring(0, 16);
        String prefix = model.length() > 40 ? model.substring(0, 40) : model;
        return prefix + "-" + hash;
    }


}
