package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tabml.client.Job;
import io.tabml.client.TabmlClient;
import io.tabml.client.UploadReceipt;
import io.tabml.config.AppConfig;
import io.tabml.functions.Services;
import io.tabml.ingest.DatasetLayout;
import io.tabml.storage.BlobStore;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/** Settings for an in-process local host in tests: Azurite, a free port, fast triggers, keys enforced. */
final class TestHosts {
    private TestHosts() {}

    /** A mutable map: the local settings template, overridden for a test host; add a test's own settings to it. */
    static Map<String, String> settings(Azurite azurite, String stateDirPrefix, String functionKey, String adminKey) throws IOException {
        Map<String, String> settings = LocalHost.localSettings(Azurite.repoRoot().resolve("functions/local.settings.json"));
        settings.putAll(Map.of(
                "AzureWebJobsStorage", azurite.connectionString(),
                "PORT", Integer.toString(Azurite.freePort()),
                "LOCAL_STATE_DIR", Files.createTempDirectory(stateDirPrefix).toString(),
                "JOBS_POLL_SCHEDULE", "*/1 * * * * *",
                "BLOB_POLL_MILLIS", "200",
                "STATIC_WEB_DIR", Azurite.repoRoot().resolve("static-web").toString(),
                "LOCAL_FUNCTION_KEY", functionKey,
                "LOCAL_ADMIN_KEY", adminKey,
                "TRAINER_JAVA_OPTS", "-Xmx512m",
                "PREDICTION_LOG_FLUSH_MILLIS", "200"));
        return settings;
    }

    /** An in-process host on services built from these settings. */
    static LocalHost start(Map<String, String> settings) throws IOException {
        AppConfig config = new AppConfig(settings);
        return LocalHost.start(config, Services.from(config));
    }

    /**
     * Trains a model the way a user does, through the running host and the Java client: the config in
     * storage, the CSV uploaded, then the job followed until it ends (at most 90 s). Returns the last
     * job seen, which has ended unless the time ran out.
     */
    static Job trainThroughApi(BlobStore blobs, int port, String key, String model, String configJson, byte[] csv) {
        blobs.write(DatasetLayout.CONTAINER, model + "/config.json", SampleData.csv(configJson));
        TabmlClient tabml = TabmlClient.builder("http://127.0.0.1:" + port).key(key).build();
        UploadReceipt receipt = tabml.upload(model, "incidents", csv);
        assertFalse(receipt.unchanged(), "the data was new: " + receipt);
        return tabml.awaitJob(receipt.jobId(), Duration.ofSeconds(90), Duration.ofMillis(200), job -> {});
    }
}
