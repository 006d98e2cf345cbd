package io.tabml.functions;

import io.tabml.config.AppConfig;
import io.tabml.jobs.AzureMlBackend;
import io.tabml.jobs.InAppBackend;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.RoutingBackend;
import io.tabml.jobs.TrainingBackend;
import io.tabml.monitoring.FeedbackService;
import io.tabml.monitoring.MonitoringWindows;
import io.tabml.monitoring.PredictionLog;
import io.tabml.monitoring.PredictionTable;
import io.tabml.orchestration.DatasetIngestion;
import io.tabml.orchestration.DatasetUploads;
import io.tabml.orchestration.FeedbackRetraining;
import io.tabml.orchestration.InAppTraining;
import io.tabml.orchestration.JobRunner;
import io.tabml.orchestration.ModelMonitoring;
import io.tabml.registry.ModelCatalog;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.serving.BatchScoring;
import io.tabml.serving.ModelCache;
import io.tabml.serving.PredictionService;
import io.tabml.storage.BlobStore;
import java.time.Clock;

/**
 * The core services, built from the settings. Each function class takes them in its constructor;
 * the Azure Functions host creates function classes with their no-argument constructors, which use
 * the one instance per worker process that {@link #get()} builds from the environment. The local
 * host and the tests build their own and pass it. Whoever builds them closes them when the
 * process stops ({@link #close}), so that the prediction log writes what it still holds.
 */
public record Services(AppConfig config, BlobStore blobs, JobStore jobs, ModelCatalog catalog, JobRunner runner,
                       DatasetIngestion ingestion, DatasetUploads uploads, PredictionService predictions,
                       PredictionLog predictionLog, FeedbackService feedback, ModelMonitoring monitoring,
                       BatchScoring batches, InAppTraining inAppTraining) implements AutoCloseable {
    private static volatile Services instance;

    /** The services as the settings describe them, on the storage and training backend they name. */
    public static Services from(AppConfig config) {
        Clock clock = Clock.systemUTC();
        BlobStore blobs = BlobStore.from(config);
        JobStore jobs = new JobStore(blobs);
        ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(config.gateTolerance()), clock);
        TrainingBackend backend = backend(config, blobs);
        JobRunner runner = new JobRunner(jobs, backend, registry, clock, config.trainingTimeout());
        if (backend instanceof LocalProcessBackend local) local.onRunEnded(runner::advanceIfActive);
        DatasetIngestion ingestion = new DatasetIngestion(blobs, jobs, runner, registry, config.maxUploadBytes(), clock);
        PredictionTable predictionTable = PredictionTable.from(config);
        PredictionLog log = new PredictionLog(predictionTable, clock, config.predictionLogSampleRate(), config.predictionLogBuffer(),
                config.predictionLogFlushInterval());
        DatasetUploads uploads = new DatasetUploads(blobs, jobs, ingestion, config.maxUploadBytes(), clock);
        MonitoringWindows windows = new MonitoringWindows(blobs);
        ModelCache models = new ModelCache(registry, clock, config.championRefresh());
        return new Services(config, blobs, jobs, new ModelCatalog(registry), runner, ingestion, uploads,
                new PredictionService(models, log), log,
                new FeedbackService(predictionTable, registry::models, config.predictionLogSampleRate(), clock),
                new ModelMonitoring(registry, predictionTable, windows, uploads,
                        new FeedbackRetraining(registry, jobs, predictionTable, windows, blobs), clock),
                new BatchScoring(blobs, models, clock), new InAppTraining(jobs, runner, blobs, clock));
    }

    /** Writes what the prediction log still holds and stops its writer. */
    @Override
    public void close() {
        if (predictionLog != null) predictionLog.close();
    }

    /**
     * The worker's services, built from the environment on first use, and closed when the worker's
     * JVM stops (the platform stops it on scale-in or a restart), so that predictions still waiting
     * in the log are written.
     */
    public static Services get() {
        Services current = instance;
        if (current == null) {
            synchronized (Services.class) {
                if (instance == null) {
                    Services built = from(AppConfig.fromEnvironment());
                    Runtime.getRuntime().addShutdownHook(new Thread(built::close, "services-close"));
                    instance = built;
                }
                current = instance;
            }
        }
        return current;
    }

    private static TrainingBackend backend(AppConfig config, BlobStore blobs) {
        return switch (config.trainingBackend()) {
            case "local" -> new LocalProcessBackend(blobs, config.localStateDir(), config.trainerJavaOptions());
            case "azureml" -> AzureMlBackend.from(config, blobs);
            case "inapp" -> InAppBackend.from(config, blobs);
            case "auto" -> new RoutingBackend(InAppBackend.from(config, blobs), AzureMlBackend.from(config, blobs),
                    config.inAppTrainingMaxBytes());
            default -> throw new IllegalStateException("TRAINING_BACKEND must be 'local', 'azureml', 'inapp' or 'auto', got '"
                    + config.trainingBackend() + "'");
        };
    }
}
