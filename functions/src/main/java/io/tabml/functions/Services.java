package io.tabml.functions;

import io.tabml.config.AppConfig;
import io.tabml.ingest.DatasetIngestion;
import io.tabml.ingest.DatasetUploads;
import io.tabml.jobs.AzureMlBackend;
import io.tabml.jobs.JobRunner;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingBackend;
import io.tabml.registry.ModelCatalog;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.serving.ModelCache;
import io.tabml.serving.PredictionService;
import io.tabml.storage.BlobStore;
import java.time.Clock;

/**
 * The core services, built once per worker process from the settings. The Azure Functions host
 * creates function classes itself (no-argument constructors), so they reach the services here;
 * the local host installs its own instance, built from its settings, before serving.
 */
public final class Services {
    private static volatile Services instance;

    public final AppConfig config;
    public final BlobStore blobs;
    public final JobStore jobs;
    public final ModelRegistry registry;
    public final ModelCatalog catalog;
    public final JobRunner runner;
    public final DatasetIngestion ingestion;
    public final DatasetUploads uploads;
    public final PredictionService predictions;

    public Services(AppConfig config) {
        Clock clock = Clock.systemUTC();
        this.config = config;
        this.blobs = BlobStore.from(config);
        this.jobs = new JobStore(blobs);
        this.registry = new ModelRegistry(blobs, new QualityGate(config.gateTolerance()), clock);
        this.catalog = new ModelCatalog(registry);
        this.runner = new JobRunner(jobs, backend(config, blobs), registry, clock, config.trainingTimeout());
        this.ingestion = new DatasetIngestion(blobs, jobs, runner, config.maxUploadBytes(), clock);
        this.uploads = new DatasetUploads(blobs, jobs, ingestion, config.maxUploadBytes(), clock);
        this.predictions = new PredictionService(new ModelCache(registry, clock, config.championRefresh()), config.maxPredictBytes());
    }

    public static Services get() {
        Services current = instance;
        if (current == null) {
            synchronized (Services.class) {
                if (instance == null) instance = new Services(AppConfig.fromEnvironment());
                current = instance;
            }
        }
        return current;
    }

    /** Used by the local host, which reads its settings itself. */
    public static void install(Services services) {
        instance = services;
    }

    private static TrainingBackend backend(AppConfig config, BlobStore blobs) {
        return switch (config.trainingBackend()) {
            case "local" -> new LocalProcessBackend(blobs, config.localStateDir(), config.trainerJavaOptions());
            case "azureml" -> AzureMlBackend.from(config, blobs);
            default -> throw new IllegalStateException("TRAINING_BACKEND must be 'local' or 'azureml', got '"
                    + config.trainingBackend() + "'");
        };
    }
}
