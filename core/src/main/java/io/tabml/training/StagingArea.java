package io.tabml.training;

import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The contract between a training run and registration, in one place. A run writes its files into
 * an output folder ({@link RunFolder}); its result is staged in blob storage under
 * {@code staging/<jobId>/}, where the backends follow the run and the registry reads the model and
 * report. The trainer, both backends and the registry find these files only through this class.
 * Nothing in staging is ever served.
 */
public final class StagingArea {
    public static final String CONTAINER = "staging";
    public static final String MODEL_FILE = "model.bin";
    public static final String REPORT_FILE = "metrics.json";
    public static final String PROGRESS_FILE = "progress.json";
    public static final String FAILURE_FILE = "failure.json";
    /** The job's training config, where a backend that trains elsewhere (Azure ML) hands it to the run. */
    public static final String CONFIG_FILE = "config.json";
    /** The rows the run's model was evaluated on, with its probabilities ({@link EvaluatedRows}). */
    public static final String EVALUATED_ROWS_FILE = "evaluated-rows.json";
    /** Which rows the run's model may have learned from ({@link TrainingRowSet}). */
    public static final String TRAINING_ROWS_FILE = "training-rows.bin";
    /** What a completed run must leave. */
    private static final List<String> RESULT_FILES = List.of(MODEL_FILE, REPORT_FILE);
    /**
     * What a run leaves for comparing its model with a later version; written and staged before the
     * result files, so a complete result has them. Runs of trainers before them left none.
     */
    private static final List<String> COMPARISON_FILES = List.of(EVALUATED_ROWS_FILE, TRAINING_ROWS_FILE);

    private final BlobStore blobs;

    public StagingArea(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The job's folder inside the container, {@code <jobId>/}. */
    public static String folder(String jobId) {
        return jobId + "/";
    }

    /** {@code staging/<jobId>/}, for messages. */
    public static String describe(String jobId) {
        return CONTAINER + "/" + folder(jobId);
    }

    /** Removes what an earlier run of the job left, so a new run starts from nothing. */
    public void clear(String jobId) {
        for (var blob : blobs.list(CONTAINER, folder(jobId))) blobs.delete(CONTAINER, blob.path());
    }

    public void writeConfig(String jobId, TrainingConfig config) {
        blobs.write(CONTAINER, folder(jobId) + CONFIG_FILE, Json.write(config));
    }

    /** The run's progress, where a backend that trains in another process than the poller's shows it (in-app runs). */
    public void writeProgress(String jobId, TrainingProgress progress) {
        blobs.write(CONTAINER, folder(jobId) + PROGRESS_FILE, Json.write(progress));
    }

    /** Stages a run's failure report, which ends the job Failed or Rejected when the poller reads it. */
    public void stageFailure(String jobId, TrainingFailure failure) {
        blobs.write(CONTAINER, folder(jobId) + FAILURE_FILE, Json.write(failure));
    }

    /** Stages a finished run's files from its output folder, the model and report last. */
    public void stageResult(String jobId, RunFolder run) {
        for (String file : COMPARISON_FILES) {
            Path path = run.dir().resolve(file);
            if (Files.exists(path)) blobs.uploadFile(CONTAINER, folder(jobId) + file, path);
        }
        for (String file : RESULT_FILES) blobs.uploadFile(CONTAINER, folder(jobId) + file, run.dir().resolve(file));
    }

    /** Which of the model and the report are not staged yet (empty once the result is complete). */
    public List<String> missingResult(String jobId) {
        return RESULT_FILES.stream().filter(file -> blobs.properties(CONTAINER, folder(jobId) + file).isEmpty()).toList();
    }

    public Optional<byte[]> model(String jobId) {
        return blobs.read(CONTAINER, folder(jobId) + MODEL_FILE).map(BlobStore.Versioned::value);
    }

    public Optional<TrainingReport> report(String jobId) {
        return readJson(jobId, REPORT_FILE, TrainingReport.class);
    }

    public Optional<EvaluatedRows> evaluatedRows(String jobId) {
        return readJson(jobId, EVALUATED_ROWS_FILE, EvaluatedRows.class);
    }

    /** The staged row set as stored (the registry keeps the bytes beside the version). */
    public Optional<byte[]> trainingRows(String jobId) {
        return blobs.read(CONTAINER, folder(jobId) + TRAINING_ROWS_FILE).map(BlobStore.Versioned::value);
    }

    public Optional<TrainingFailure> failure(String jobId) {
        return readJson(jobId, FAILURE_FILE, TrainingFailure.class);
    }

    /** The run's progress as last written; empty when there is none yet or it was caught mid-write (the next read gets it). */
    public Optional<TrainingProgress> progress(String jobId) {
        return unlessMidWrite(() -> readJson(jobId, PROGRESS_FILE, TrainingProgress.class));
    }

    private <T> Optional<T> readJson(String jobId, String file, Class<T> type) {
        return blobs.readJson(CONTAINER, folder(jobId) + file, type).map(BlobStore.Versioned::value);
    }

    private static <T> Optional<T> unlessMidWrite(Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }

    /** A run's output folder on the machine that trains ({@code TrainerMain --out}). */
    public record RunFolder(Path dir) {
        public void writeProgress(TrainingProgress progress) {
            Json.writeAtomically(dir.resolve(PROGRESS_FILE), progress);
        }

        /** Writes a finished run's files; the report last, since the model and the report mark a run complete. */
        public void writeResult(TrainingOutput result) throws IOException {
            Json.writeAtomically(dir.resolve(EVALUATED_ROWS_FILE), result.evaluatedRows());
            Files.write(dir.resolve(TRAINING_ROWS_FILE), result.trainingRows().toBytes());
            Files.write(dir.resolve(MODEL_FILE), ModelArtifact.serialize(result.pipeline()));
            Json.writeAtomically(dir.resolve(REPORT_FILE), result.report());
        }

        public void writeFailure(TrainingFailure failure) {
            Json.writeAtomically(dir.resolve(FAILURE_FILE), failure);
        }

        public Optional<TrainingProgress> progress() {
            Path file = dir.resolve(PROGRESS_FILE);
            return unlessMidWrite(() -> Files.exists(file) ? Optional.of(Json.read(file, TrainingProgress.class)) : Optional.empty());
        }

        public Optional<TrainingFailure> failure() {
            Path file = dir.resolve(FAILURE_FILE);
            return Files.exists(file) ? Optional.of(Json.read(file, TrainingFailure.class)) : Optional.empty();
        }

        public boolean hasResult() {
            return RESULT_FILES.stream().allMatch(file -> Files.exists(dir.resolve(file)));
        }
    }
}
