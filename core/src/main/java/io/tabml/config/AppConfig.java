package io.tabml.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting the system reads, in one place. In Azure they are App Settings (Bicep sets the
 * same names); locally they come from the environment over the local host's defaults
 * ({@code functions/local.settings.json}). Nothing else calls {@link System#getenv()}.
 */
public final class AppConfig {
    /** Azurite's published development account (not a secret: it is the same for every Azurite). */
    public static final String AZURITE_ACCOUNT = "devstoreaccount1";
    public static final String AZURITE_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Map<String, String> settings;

    public AppConfig(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    public static AppConfig fromEnvironment() {
        return fromEnvironment(Map.of());
    }

    /** The environment's settings over these defaults. */
    public static AppConfig fromEnvironment(Map<String, String> defaults) {
        Map<String, String> settings = new java.util.HashMap<>(defaults);
        settings.putAll(System.getenv());
        return new AppConfig(settings);
    }

    /** Connection string for local Azurite blob, queue and table endpoints on the given ports. */
    public static String azuriteConnectionString(int blobPort, int queuePort, int tablePort) {
        return "DefaultEndpointsProtocol=http;AccountName=" + AZURITE_ACCOUNT + ";AccountKey=" + AZURITE_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + AZURITE_ACCOUNT
                + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + AZURITE_ACCOUNT
                + ";TableEndpoint=http://127.0.0.1:" + tablePort + "/" + AZURITE_ACCOUNT + ";";
    }

    /** A raw setting, for the few places that resolve names given at run time (e.g. {@code %SETTING%}). */
    public Optional<String> setting(String name) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * The storage connection string, {@code AzureWebJobsStorage}, the same one the Functions host
     * uses; {@code UseDevelopmentStorage=true} means Azurite on {@code AZURITE_BLOB_PORT} (default
     * 10000), {@code AZURITE_QUEUE_PORT} (10001) and {@code AZURITE_TABLE_PORT} (10002). Empty in
     * Azure, where storage is reached with the managed identity instead.
     */
    public Optional<String> storageConnectionString() {
        return setting("AzureWebJobsStorage").map(value -> value.equalsIgnoreCase("UseDevelopmentStorage=true")
                ? azuriteConnectionString(azuriteBlobPort(), azuriteQueuePort(), azuriteTablePort()) : value);
    }

    /** The identity-based form, {@code AzureWebJobsStorage__blobServiceUri}, as Bicep sets it in Azure. */
    public Optional<String> storageBlobServiceUri() {
        return setting("AzureWebJobsStorage__blobServiceUri");
    }

    /** The identity-based queue endpoint, {@code AzureWebJobsStorage__queueServiceUri}, as Bicep sets it in Azure. */
    public Optional<String> storageQueueServiceUri() {
        return setting("AzureWebJobsStorage__queueServiceUri");
    }

    /** The identity-based table endpoint, {@code AzureWebJobsStorage__tableServiceUri}, as Bicep sets it in Azure. */
    public Optional<String> storageTableServiceUri() {
        return setting("AzureWebJobsStorage__tableServiceUri");
    }

    /** The user-assigned managed identity to use ({@code AzureWebJobsStorage__clientId}, else {@code AZURE_CLIENT_ID}). */
    public Optional<String> managedIdentityClientId() {
        return setting("AzureWebJobsStorage__clientId").or(() -> setting("AZURE_CLIENT_ID"));
    }

    public int azuriteBlobPort() {
        return (int) longSetting("AZURITE_BLOB_PORT", 10000);
    }

    public int azuriteQueuePort() {
        return (int) longSetting("AZURITE_QUEUE_PORT", 10001);
    }

    public int azuriteTablePort() {
        return (int) longSetting("AZURITE_TABLE_PORT", 10002);
    }

    /**
     * {@code local} (a child JVM, the default), {@code azureml}, {@code inapp} (inside the function
     * app, from a queue message) or {@code auto} (inapp for datasets up to
     * {@link #inAppTrainingMaxBytes}, azureml above).
     */
    public String trainingBackend() {
        return setting("TRAINING_BACKEND").orElse("local");
    }

    /**
     * With {@code TRAINING_BACKEND=auto}: the largest dataset, in bytes, trained inside the function
     * app; larger ones go to Azure ML. The default, 8 MiB, is sized for a 2,048 MB Flex Consumption
     * instance (docs/inapp-training.md).
     */
    public long inAppTrainingMaxBytes() {
        long bytes = longSetting("INAPP_TRAINING_MAX_BYTES", 8L << 20);
        if (bytes < 0) throw new IllegalStateException("INAPP_TRAINING_MAX_BYTES must be 0 or more, got " + bytes);
        return bytes;
    }

    // ---- the azureml training backend: required when TRAINING_BACKEND=azureml, read only then ----

    /** The subscription of the Azure ML workspace. */
    public String azureMlSubscriptionId() {
        return requiredSetting("AZUREML_SUBSCRIPTION_ID");
    }

    public String azureMlResourceGroup() {
        return requiredSetting("AZUREML_RESOURCE_GROUP");
    }

    public String azureMlWorkspace() {
        return requiredSetting("AZUREML_WORKSPACE");
    }

    /** The name of the compute cluster in the workspace. */
    public String azureMlCompute() {
        return requiredSetting("AZUREML_COMPUTE");
    }

    /** The training environment: {@code name:version} in the workspace, or its ARM id. */
    public String azureMlEnvironment() {
        return requiredSetting("AZUREML_ENVIRONMENT");
    }

    /** Blob URL of the trainer jar that Azure ML jobs run. */
    public String azureMlTrainerJarUri() {
        return requiredSetting("AZUREML_TRAINER_JAR_URI");
    }

    /** Azure Resource Manager, {@code https://management.azure.com} unless a sovereign cloud (or a test) says otherwise. */
    public java.net.URI azureMlArmEndpoint() {
        return java.net.URI.create(setting("AZUREML_ARM_ENDPOINT").orElse("https://management.azure.com"));
    }

    private String requiredSetting(String name) {
        return setting(name).orElseThrow(() -> new IllegalStateException(name + " is not set: the azureml training backend "
                + "(TRAINING_BACKEND=azureml) needs it (Bicep sets it in Azure, see docs/deploy.md)"));
    }

    /** Where local-only state lives: Azurite's data, trigger receipts, local training runs. */
    public Path localStateDir() {
        return Path.of(setting("LOCAL_STATE_DIR").orElse(".local")).toAbsolutePath();
    }

    /**
     * Largest dataset accepted, in bytes. Datasets are read as streams, so this bounds time and the
     * trainer's input, not the app's memory; an HTTP upload is also capped by the host's request limit.
     */
    public long maxUploadBytes() {
        return longSetting("MAX_UPLOAD_BYTES", 4L << 30);
    }

    /** Largest predict request body, in bytes (JSON or CSV); larger ones get a 413. */
    public long maxPredictBytes() {
        return longSetting("MAX_PREDICT_BYTES", 20L * 1024 * 1024);
    }

    /** JVM options for the local trainer process. */
    public String trainerJavaOptions() {
        return setting("TRAINER_JAVA_OPTS").orElse("-Xmx2g");
    }

    /** How long a training job may run before it is failed. */
    public Duration trainingTimeout() {
        return Duration.ofSeconds(longSetting("TRAINING_TIMEOUT_SECONDS", 3600));
    }

    /** How often a served champion is checked for a newer promotion. */
    public Duration championRefresh() {
        return Duration.ofMillis(longSetting("CHAMPION_REFRESH_MILLIS", 3000));
    }

    /** How much worse (in holdout ROC AUC) a new version may be than the champion and still be promoted. */
    public double gateTolerance() {
        return doubleSetting("GATE_TOLERANCE", 0.01);
    }

    private double doubleSetting(String name, double defaultValue) {
        String value = setting(name).orElse(null);
        if (value == null) return defaultValue;
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a number, got '" + value + "'");
        }
    }

    // ---- the prediction log (monitoring.PredictionLog) ----

    /** The share of predictions logged, 0 to 1 (1: all; 0: none). */
    public double predictionLogSampleRate() {
        double rate = doubleSetting("PREDICTION_LOG_SAMPLE_RATE", 1.0);
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalStateException("PREDICTION_LOG_SAMPLE_RATE must be between 0 and 1, got " + rate);
        }
        return rate;
    }

    /** How many predictions may wait in memory to be written; more are dropped and counted, never waited for. */
    public int predictionLogBuffer() {
        long buffer = longSetting("PREDICTION_LOG_BUFFER", 10_000);
        if (buffer < 1 || buffer > 1_000_000) {
            throw new IllegalStateException("PREDICTION_LOG_BUFFER must be between 1 and 1000000 predictions, got " + buffer);
        }
        return (int) buffer;
    }

    /** How often the waiting predictions are written (sooner when a transaction's worth, 100, are waiting). */
    public Duration predictionLogFlushInterval() {
        long millis = longSetting("PREDICTION_LOG_FLUSH_MILLIS", 1000);
        if (millis < 1) throw new IllegalStateException("PREDICTION_LOG_FLUSH_MILLIS must be at least 1, got " + millis);
        return Duration.ofMillis(millis);
    }

    public long longSetting(String name, long defaultValue) {
        return setting(name).map(v -> parseLong(name, v)).orElse(defaultValue);
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
