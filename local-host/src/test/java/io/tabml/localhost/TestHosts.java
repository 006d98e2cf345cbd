package io.tabml.localhost;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.config.AppConfig;
import io.tabml.functions.Services;
import io.tabml.ingest.DatasetLayout;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

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
     * Trains a model the way a user does, through the running host: the config in storage, the CSV
     * through {@code POST /api/datasets/{model}}, then the job followed until it ends (at most 90 s).
     * Returns the ended job document.
     */
    static JsonNode trainThroughApi(BlobStore blobs, int port, String key, String model, String configJson, byte[] csv)
            throws Exception {
        blobs.write(DatasetLayout.CONTAINER, model + "/config.json", SampleData.csv(configJson));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/datasets/"
                + model + "?name=incidents")).header("Content-Type", "text/csv").header("x-functions-key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        String jobId = Json.read(upload.body().getBytes(), JsonNode.class).get("jobId").asText();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + jobId))
                .header("x-functions-key", key).build();
        return await("job " + jobId + " ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> answer = http.send(get, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Json.read(answer.body().getBytes(), JsonNode.class) : null;
        }, job -> job != null && Set.of("Registered", "Failed", "Rejected", "Canceled").contains(job.path("state").asText()));
    }
}
