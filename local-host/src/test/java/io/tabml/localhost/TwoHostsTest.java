package io.tabml.localhost;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.ingest.DatasetLayout;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two local host processes on one Azurite, fed uploads at once with duplicates among them: each
 * distinct upload makes exactly one job and one version, no job is left unfinished, and the
 * champion always names a version that exists.
 */
@EndToEnd
class TwoHostsTest {
    static final String MODEL = "race";
    static final int DISTINCT = 8;
    static final int UPLOADS = 20;

    private final List<Process> hosts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopHosts() {
        hosts.forEach(Process::destroy);
    }

    private int startHost(Azurite azurite) throws Exception {
        int port = Azurite.freePort();
        Path state = Files.createTempDirectory("two-hosts");
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalHost.class.getName())
                .redirectErrorStream(true).redirectOutput(state.resolve("host.log").toFile())
                // from the repository's root, as scripts/run-local.sh runs it: the host reads functions/local.settings.json there
                .directory(Azurite.repoRoot().toFile());
        builder.environment().putAll(Map.of("AzureWebJobsStorage", azurite.connectionString(), "PORT", Integer.toString(port),
                "LOCAL_STATE_DIR", state.toString(), "JOBS_POLL_SCHEDULE", "*/1 * * * * *", "BLOB_POLL_MILLIS", "200",
                "TRAINER_JAVA_OPTS", "-Xmx256m", "STATIC_WEB_DIR", Azurite.repoRoot().resolve("static-web").toString()));
        hosts.add(builder.start());
        awaitTrue("host on port " + port, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        return port;
    }

    @Test
    void concurrentDuplicateUploadsOnTwoHostsMakeOneVersionEach() throws Exception {
        Azurite azurite = Azurite.shared();
        BlobStore blobs = azurite.blobStore();
        blobs.write(DatasetLayout.CONTAINER, MODEL + "/config.json",
                SampleData.csv("{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2}"));
        int[] ports = {startHost(azurite), startHost(azurite)};

        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(UPLOADS)) {
            for (int i = 0; i < UPLOADS; i++) {
                int port = ports[i % 2];
                byte[] csv = SampleData.damageIncidence(300, i % DISTINCT);
                String uri = "http://127.0.0.1:" + port + "/api/datasets/" + MODEL + "?name=upload-" + i;
                sent.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString())));
            }
        }
        Set<String> jobIds = new HashSet<>();
        for (var response : sent) {
            assertEquals(202, response.get().statusCode(), response.get().body());
            jobIds.add(Json.read(response.get().body().getBytes(), JsonNode.class).get("jobId").asText());
        }
        assertEquals(DISTINCT, jobIds.size(), "identical content names the same job");

        String jobsUri = "http://127.0.0.1:" + ports[0] + "/api/jobs?model=" + MODEL;
        awaitTrue("every job finished", () -> {
            JsonNode jobs = Json.read(http.send(HttpRequest.newBuilder(URI.create(jobsUri)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().getBytes(), JsonNode.class).get("jobs");
            if (jobs.size() < DISTINCT) return false;
            for (JsonNode job : jobs) if (!job.get("state").asText().equals("Registered")) return false;
            return true;
        });

        JsonNode jobs = Json.read(http.send(HttpRequest.newBuilder(URI.create(jobsUri)).build(),
                HttpResponse.BodyHandlers.ofString()).body().getBytes(), JsonNode.class).get("jobs");
        assertEquals(DISTINCT, jobs.size());
        Set<Integer> versions = new HashSet<>();
        for (JsonNode job : jobs) versions.add(job.get("version").asInt());
        assertEquals(DISTINCT, versions.size(), "no two jobs share a version number");
        List<String> metadata = blobs.list("models", MODEL + "/versions/").stream().map(BlobStore.StoredBlob::path)
                .filter(p -> p.endsWith("metadata.json")).toList();
        assertEquals(DISTINCT, metadata.size(), "exactly one version per distinct upload: " + metadata);
        int champion = Json.read(blobs.read("models", MODEL + "/champion.json").orElseThrow().value(), JsonNode.class).get("version").asInt();
        assertTrue(versions.contains(champion), "the champion is a registered version");

        promotionsRacingOnBothHostsAreEachAppliedOrRefused(ports, new ArrayList<>(versions), blobs);
    }

    /** Promotions sent at once to both hosts: each is applied (200, audited) or refused as a conflict (409), none lost. */
    private void promotionsRacingOnBothHostsAreEachAppliedOrRefused(int[] ports, List<Integer> versions, BlobStore blobs) throws Exception {
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(UPLOADS)) {
            for (int i = 0; i < UPLOADS; i++) {
                String body = "{\"version\": " + versions.get(i % versions.size()) + ", \"reason\": \"race-" + i + "\"}";
                String uri = "http://127.0.0.1:" + ports[i % 2] + "/api/models/" + MODEL + "/champion";
                sent.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())));
            }
        }
        int applied = 0;
        for (var response : sent) {
            int status = response.get().statusCode();
            assertTrue(status == 200 || status == 409, "a promotion is applied or refused as a conflict: " + response.get().body());
            if (status == 200) applied++;
        }
        assertTrue(applied >= 1, "at least one promotion went through");
        long audited = blobs.list("models", MODEL + "/audit/").stream()
                .map(b -> Json.read(blobs.read("models", b.path()).orElseThrow().value(), JsonNode.class))
                .filter(entry -> entry.path("reason").asText().startsWith("race-")).count();
        assertEquals(applied, audited, "every applied promotion is in the audit list, no other");
        int champion = Json.read(blobs.read("models", MODEL + "/champion.json").orElseThrow().value(), JsonNode.class).get("version").asInt();
        assertTrue(versions.contains(champion), "the champion is still a registered version");
    }

    private static void awaitTrue(String what, Callable<Boolean> check) {
        // an IOException: the host is not listening yet
        await(what).atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(java.io.IOException.class).until(check);
    }
}
