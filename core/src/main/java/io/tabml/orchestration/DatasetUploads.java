package io.tabml.orchestration;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.ingest.DatasetLayout;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.storage.BlobStore;
import io.tabml.training.TrainingConfig;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Uploads through the API: the body is stored at the same path a blob drop would use, so the blob
 * trigger handles both the same way. The answer names the job the upload will start, or, for data
 * and config already trained, the existing version.
 */
public final class DatasetUploads {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

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
        String jobId = ingestion.expectedJobId(model, csv);
        var existing = jobs.get(jobId).filter(job -> job.state() == JobState.Registered);
        if (existing.isPresent()) {
            return new UploadReceipt(null, jobId, "/api/jobs/" + jobId, true, existing.get().version(),
                    "the same data and config were already trained as version " + existing.get().version() + "; nothing changed");
        }
        String path = model + "/" + file;
        blobs.write(DatasetLayout.CONTAINER, path, csv);
        return new UploadReceipt(DatasetLayout.CONTAINER + "/" + path, jobId, "/api/jobs/" + jobId, false, null,
                "stored; training starts when the blob trigger picks it up");
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
     * Where the upload went and the job that trains it; {@code unchanged} when identical data and
     * config were already trained (then nothing is stored and {@code version} names the result).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record UploadReceipt(String dataset, String jobId, String status, boolean unchanged, Integer version, String message) {}
}
