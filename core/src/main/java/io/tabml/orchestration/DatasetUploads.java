package io.tabml.orchestration;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.ingest.DatasetLayout;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Sha256;
import io.tabml.training.TrainingConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploads through the API: the body is stored at the same path a blob drop would use, so the
 * dataset trigger handles both the same way. Files too large for a request body go straight to
 * storage instead, with a URL that lets the uploader write that one blob for an hour (the Valet Key
 * pattern, docs/large-files.md). Either answer names the job the upload will start, or, for data
 * and config already trained, the existing version.
 */
public final class DatasetUploads {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Long enough to send gigabytes, short enough to be worth little if the URL leaks ("10-60 minutes" in the Valet Key tutorial). */
    static final Duration DIRECT_UPLOAD_VALIDITY = Duration.ofHours(1);

    private final BlobStore blobs;
    private final JobStore jobs;
    private final DatasetIngestion ingestion;
    private final long maxBytes;
    private final Clock clock;

    public DatasetUploads(BlobStore blobs, JobStore jobs, DatasetIngestion ingestion, long maxBytes, Clock clock) {
        this.blobs = blobs;
        this.jobs = jobs;
        this.ingestion = ingestion;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * @param name the file name asked for, or null for a timestamp
     * @param csv  the dataset's bytes
     */
    public UploadReceipt store(String model, String name, byte[] csv) {
        ModelName.require(model);
        if (csv == null || csv.length == 0) throw new InvalidInputException("empty_body", "the request body is empty: send the CSV file");
        if (csv.length > maxBytes) throw new LimitExceededException("the file is " + csv.length + " bytes; the limit is " + maxBytes);
        String file = fileName(name);
        String jobId = ingestion.expectedJobId(model, Sha256.of(csv));
        var trained = trained(jobId);
        if (trained.isPresent()) return trained.get();
        String path = model + "/" + file;
        blobs.write(DatasetLayout.CONTAINER, path, csv);
        return new UploadReceipt(DatasetLayout.CONTAINER + "/" + path, jobId, "/api/jobs/" + jobId, false, null,
                "stored; training starts when the dataset trigger picks it up", null, null);
    }

    /**
     * Where to write a file too large for a request body: a URL for {@code datasets/<model>/<name>.csv}
     * alone, valid for {@link #DIRECT_UPLOAD_VALIDITY}; the upload then starts training as a blob drop
     * does. The uploader sends the file's sha256, so the answer can name the job it will start, or,
     * for data and config already trained, the version (and then no URL: there is nothing to send).
     */
    public UploadReceipt directUpload(String model, String name, String sha256) {
        ModelName.require(model);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidInputException("invalid_sha256", "send the file's sha256 as 64 lowercase hex digits (?sha256=)");
        }
        String path = model + "/" + fileName(name);
        String jobId = ingestion.expectedJobId(model, sha256);
        var trained = trained(jobId);
        if (trained.isPresent()) return trained.get();
        Instant expires = clock.instant().plus(DIRECT_UPLOAD_VALIDITY);
        return new UploadReceipt(DatasetLayout.CONTAINER + "/" + path, jobId, "/api/jobs/" + jobId, false, null,
                "write the file to uploadUrl (Put Block and Put Block List, or Put Blob) before expiresAt; training starts when "
                        + "the dataset trigger picks it up", blobs.uploadUrl(DatasetLayout.CONTAINER, path, expires.atOffset(ZoneOffset.UTC)),
                expires);
    }

    /** The answer for data and config already trained: the version they became. */
    private Optional<UploadReceipt> trained(String jobId) {
        return jobs.get(jobId).filter(job -> job.state() == JobState.Registered).map(job -> new UploadReceipt(null, jobId,
                "/api/jobs/" + jobId, true, job.version(), "the same data and config were already trained as version " + job.version()
                        + "; nothing changed", null, null));
    }

    /**
     * Stores a model's training settings as {@code datasets/<model>/config.json}, as written, once
     * they are valid; the next upload trains with them (new settings make a new job even for data
     * trained before).
     */
    public TrainingConfig saveConfig(String model, byte[] json) {
        ModelName.require(model);
        if (json == null || json.length == 0) throw new InvalidInputException("empty_body", "the request body is empty: send the settings as JSON");
        TrainingConfig config;
        try {
            config = TrainingConfig.parse(json);
        } catch (DatasetRejectedException invalid) {
            throw new InvalidInputException(invalid.code(), invalid.getMessage());
        }
        blobs.write(DatasetLayout.CONTAINER, DatasetLayout.configPath(model), json);
        return config;
    }

    /** The settings the model's next upload trains with: its stored config.json, or the defaults without one. */
    public TrainingConfig config(String model) {
        ModelName.require(model);
        return blobs.read(DatasetLayout.CONTAINER, DatasetLayout.configPath(model))
                .map(stored -> TrainingConfig.parse(stored.value())).orElse(TrainingConfig.DEFAULTS);
    }

    private String fileName(String requested) {
        if (requested == null || requested.isBlank()) return "upload-" + STAMP.format(clock.instant()) + ".csv";
        String name = requested.trim();
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) name = name.substring(0, name.length() - 4);
        if (!FILE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("invalid_file_name", "file name '" + requested
                    + "' is not valid: use up to 100 letters, digits, '.', '_' or '-'");
        }
        return name + ".csv";
    }

    /**
     * Where the upload went (or, for a direct upload, goes) and the job that trains it; {@code unchanged}
     * when identical data and config were already trained (then nothing is stored and {@code version}
     * names the result). A direct upload's answer carries the URL to write to and when it expires.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record UploadReceipt(String dataset, String jobId, String status, boolean unchanged, Integer version, String message,
                                String uploadUrl, Instant expiresAt) {}
}
