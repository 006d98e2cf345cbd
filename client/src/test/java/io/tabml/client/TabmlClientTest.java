package io.tabml.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real HTTP server on loopback: what it sends, how it reads answers, errors and retries. */
class TabmlClientTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));
    static final String UNAVAILABLE = "{\"error\": {\"code\": \"unavailable\", \"message\": \"cold start\", \"details\": {}}}";

    StubApi api;
    TabmlClient client;

    @BeforeEach
    void start() throws Exception {
        api = new StubApi();
        client = TabmlClient.builder(api.url()).key("k-123").retry(FAST).build();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void retriesAReadAnswered503UntilItSucceeds() {
        api.answer(503, UNAVAILABLE).answer(503, UNAVAILABLE).answer(200, "{\"models\": []}");
        assertEquals(List.of(), client.models());
        assertEquals(3, api.received.size());
    }

    @Test
    void retriesA429AndHonoursRetryAfter() {
        api.answer(429, "{\"error\": {\"code\": \"throttled\", \"message\": \"slow down\", \"details\": {}}}", Map.of("Retry-After", "1"))
                .answer(200, "{\"status\": \"ok\", \"storage\": \"reachable\"}");
        long started = System.nanoTime();
        assertEquals("ok", client.health().status());
        // the policy's own delays are at most 50 ms here: the wait came from Retry-After, capped at maxDelay
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 40);
        assertEquals(2, api.received.size());
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheApisError() {
        api.answer(503, UNAVAILABLE);
        TabmlApiException e = assertThrows(TabmlApiException.class, () -> client.model("churn"));
        assertEquals(503, e.status());
        assertEquals("unavailable", e.code());
        assertEquals(FAST.maxAttempts(), api.received.size());
    }

    @Test
    void neverRetriesAnUploadOrAPromotion(@TempDir Path dir) throws Exception {
        api.answer(503, UNAVAILABLE);
        Path csv = Files.writeString(dir.resolve("data.csv"), "a,target\n1,yes\n");
        assertThrows(TabmlApiException.class, () -> client.upload("churn", csv));
        assertThrows(TabmlApiException.class, () -> client.promote("churn", 2, "better"));
        assertEquals(2, api.received.size());
    }

    @Test
    void aDirectUploadAsksForAUrlWithTheFilesHashThenWritesItsBlocksThereAndCommitsThemInOrder(@TempDir Path dir) throws Exception {
        byte[] data = "x".repeat(TabmlClient.BLOCK_BYTES + 10).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path csv = Files.write(dir.resolve("big.csv"), data);
        String blob = api.url() + "/storage/datasets/churn/big.csv?sv=2025-01-05&sp=cw&sig=abc";
        api.answer(201, "{\"dataset\": \"datasets/churn/big.csv\", \"jobId\": \"job-9\", \"status\": \"/api/jobs/job-9\", "
                + "\"unchanged\": false, \"uploadUrl\": \"" + blob + "\", \"expiresAt\": \"2026-11-30T13:00:00Z\"}").answer(201, "");

        UploadReceipt receipt = client.uploadDirect("churn", "big.csv", csv);

        assertEquals("job-9", receipt.jobId());
        assertEquals(4, api.received.size(), "the URL, two blocks, the block list");
        var asked = api.received.get(0);
        assertEquals("POST /api/datasets/churn/uploads", asked.method() + " " + asked.path());
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals("name=big.csv&sha256=" + sha256, asked.query());
        assertEquals("k-123", asked.header("x-functions-key"));
        List<StubApi.Received> blocks = api.received.subList(1, 3);
        assertEquals(List.of(TabmlClient.BLOCK_BYTES, 10), blocks.stream().map(b -> b.body().length()).toList());
        for (StubApi.Received block : blocks) {
            assertEquals("PUT /storage/datasets/churn/big.csv", block.method() + " " + block.path());
            assertTrue(block.query().startsWith("sv=2025-01-05&sp=cw&sig=abc&comp=block&blockid="), block.query());
            assertEquals("2025-01-05", block.header("x-ms-version"), "the version the SAS was signed for");
            assertNull(block.header("x-functions-key"), "the API key never goes to storage");
        }
        var commit = api.received.get(3);
        assertTrue(commit.query().endsWith("&comp=blocklist"), commit.query());
        String first = java.util.Base64.getEncoder().encodeToString("00000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String second = java.util.Base64.getEncoder().encodeToString("00000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(commit.body().endsWith("<BlockList><Latest>" + first + "</Latest><Latest>" + second + "</Latest></BlockList>"), commit.body());
    }

    @Test
    void storesTrainingSettingsWithAPutOfTheJsonAndRetriesItAsTheSameResult() {
        api.answer(503, UNAVAILABLE).answer(200, "{\"targetColumn\": \"churned\", \"algorithms\": [\"random-forest\"]}");
        TrainingSettings settings = client.setTrainingSettings("churn", "{\"targetColumn\": \"churned\", \"algorithms\": [\"random-forest\"]}");
        assertEquals("churned", settings.targetColumn());
        assertEquals(List.of("random-forest"), settings.algorithms());
        assertEquals(2, api.received.size(), "storing the same settings again changes nothing: retried");
        StubApi.Received put = api.received.get(1);
        assertEquals("PUT", put.method());
        assertEquals("/api/datasets/churn/config", put.path());
        assertEquals("application/json", put.header("Content-Type"));
        assertEquals("{\"targetColumn\": \"churned\", \"algorithms\": [\"random-forest\"]}", put.body());
    }

    @Test
    void sendsFeedbackAsAListOfIdsAndClassesAndReadsTheReceipt() {
        api.answer(200, "{\"model\": \"churn\", \"received\": 1, \"recorded\": 1, \"unchanged\": 0}");
        FeedbackReceipt receipt = client.feedback("churn", Map.of("01JDZ3Q0000000000000000000", "yes"));
        assertEquals(1, receipt.recorded());
        StubApi.Received post = api.received.get(0);
        assertEquals("POST", post.method());
        assertEquals("/api/models/churn/feedback", post.path());
        assertEquals("[{\"predictionId\":\"01JDZ3Q0000000000000000000\",\"actual\":\"yes\"}]".length(), post.body().length());
        assertTrue(post.body().contains("\"predictionId\":\"01JDZ3Q0000000000000000000\"") && post.body().contains("\"actual\":\"yes\""),
                post.body());
    }

    @Test
    void asksForTheMonitoringWindowsOfARange() {
        api.answer(200, "{\"model\": \"churn\", \"windows\": []}");
        var report = client.monitoring("churn", java.time.Instant.parse("2026-11-30T08:00:00Z"), null);
        assertEquals(0, report.get("windows").size());
        assertEquals("/api/models/churn/monitoring", api.received.get(0).path());
        assertEquals("from=2026-11-30T08%3A00%3A00Z", api.received.get(0).query());
    }

    @Test
    void doesNotRetryOtherErrors() {
        api.answer(500, "{\"error\": {\"code\": \"internal_error\", \"message\": \"boom\", \"details\": {}}}");
        assertThrows(TabmlApiException.class, () -> client.models());
        assertEquals(1, api.received.size());
    }

    @Test
    void mapsTheErrorShapeWithItsDetailsByField() {
        api.answer(400, """
                {"error": {"code": "invalid_request", "message": "2 problems", "details": {
                  "age": ["must be a number, got a string"], "rows[1].plan": ["is required", "or else"]}}}""");
        TabmlApiException e = assertThrows(TabmlApiException.class,
                () -> client.predict("churn", Map.of("age", "thirty"), PredictOptions.CHAMPION));
        assertEquals(400, e.status());
        assertEquals("invalid_request", e.code());
        assertEquals("2 problems", e.getMessage());
        assertEquals(List.of("must be a number, got a string"), e.details().get("age"));
        assertEquals(List.of("is required", "or else"), e.details().get("rows[1].plan"));
    }

    @Test
    void anAnswerWithoutTheErrorShapeKeepsItsStatusAndText() {
        api.answer(502, "<html>Bad Gateway</html>");
        TabmlApiException e = assertThrows(TabmlApiException.class, () -> client.job("j-1"));
        assertEquals(502, e.status());
        assertEquals("http_502", e.code());
        assertEquals("HTTP 502: <html>Bad Gateway</html>", e.getMessage());
        assertTrue(e.details().isEmpty());
    }

    @Test
    void sendsTheKeyTheRouteAndTheQuery() {
        api.answer(200, "{\"jobs\": [{\"id\": \"churn-1\", \"model\": \"churn\", \"state\": \"Running\", \"stage\": \"selecting\","
                + " \"progress\": 40, \"createdAt\": \"2026-11-30T10:00:00Z\"}]}");
        List<Job> jobs = client.jobs(new JobFilter("churn", JobState.Running));
        var request = api.received.get(0);
        assertEquals("GET", request.method());
        assertEquals("/api/jobs", request.path());
        assertEquals("model=churn&state=Running", request.query());
        assertEquals("k-123", request.header("x-functions-key"));
        assertEquals(JobState.Running, jobs.get(0).state());
        assertEquals(40, jobs.get(0).progress());
        assertEquals("2026-11-30T10:00:00Z", jobs.get(0).createdAt().toString());

        client.jobs(JobFilter.ALL);
        assertNull(api.received.get(1).query(), "no filter, no query");
    }

    @Test
    void predictsRowsAsABatchWithItsOptions() {
        api.answer(200, """
                {"model": "churn", "version": 3, "predictions": [
                  {"label": "yes", "probabilities": {"yes": 0.8, "no": 0.2},
                   "contributions": [{"feature": "age", "value": 34, "contribution": 0.12}]}]}""");
        Prediction answer = client.predict("churn", List.of(Map.of("age", 34)), new PredictOptions(3, true, true));
        assertEquals("/api/models/churn/predict", api.received.get(0).path());
        assertEquals("version=3&lenient=true&explain=true", api.received.get(0).query());
        assertEquals("{\"rows\":[{\"age\":34}]}", api.received.get(0).body());
        assertEquals(3, answer.version());
        assertEquals("yes", answer.predictions().get(0).label());
        assertEquals("age", answer.predictions().get(0).contributions().get(0).feature());
        assertNull(answer.label());
    }

    @Test
    void sendsACsvFileAndReturnsTheScoredCsv(@TempDir Path dir) throws Exception {
        api.answer(200, "a,prediction\n1,yes\n");
        Path csv = Files.writeString(dir.resolve("in.csv"), "a\n1\n");
        assertEquals("a,prediction\n1,yes\n", client.predict("churn", csv, PredictOptions.CHAMPION));
        assertEquals("text/csv", api.received.get(0).header("Content-Type"));
        assertEquals("a\n1\n", api.received.get(0).body());
    }

    @Test
    void rollsBackToTheChampionBeforeTheCurrentOne() {
        api.answer(200, """
                {"model": "churn", "champion": {"version": 3, "promotedAt": "2026-11-30T10:00:00Z", "reason": "gate"},
                 "schemaVersion": 3, "versions": [], "championHistory": [
                   {"at": "2026-11-29T10:00:00Z", "from": null, "to": 1, "reason": "gate"},
                   {"at": "2026-11-30T10:00:00Z", "from": 1, "to": 3, "reason": "gate"}]}""")
                .answer(200, "{\"version\": 1, \"promotedAt\": \"2026-11-30T11:00:00Z\", \"reason\": \"rolled back from version 3\"}");
        Champion champion = client.rollback("churn", null);
        assertEquals(1, champion.version());
        assertEquals("{\"version\":1,\"reason\":\"rolled back from version 3\"}", api.received.get(1).body());
        assertEquals("/api/models/churn/champion", api.received.get(1).path());
    }

    @Test
    void refusesToRollBackTheFirstChampion() {
        api.answer(200, """
                {"model": "churn", "champion": {"version": 1, "promotedAt": "2026-11-30T10:00:00Z", "reason": "gate"},
                 "schemaVersion": 1, "championHistory": [{"at": "2026-11-29T10:00:00Z", "from": null, "to": 1, "reason": "gate"}]}""");
        var e = assertThrows(IllegalStateException.class, () -> client.rollback("churn", null));
        assertTrue(e.getMessage().contains("no earlier champion"), e.getMessage());
        assertEquals(1, api.received.size(), "nothing was promoted");
    }

    @Test
    void waitsForAJobTheTriggerHasNotCreatedYetAndReportsEachMove() {
        String running = "{\"id\": \"j\", \"model\": \"m\", \"state\": \"Running\", \"stage\": \"training\", \"progress\": %d}";
        api.answer(404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no job with id 'j'\", \"details\": {}}}")
                .answer(200, running.formatted(10)).answer(200, running.formatted(10)).answer(200, running.formatted(60))
                .answer(200, "{\"id\": \"j\", \"model\": \"m\", \"state\": \"Registered\", \"stage\": \"registered\", \"progress\": 100, \"version\": 2}");
        List<Integer> seen = new java.util.ArrayList<>();
        Job job = client.awaitJob("j", Duration.ofSeconds(10), Duration.ofMillis(5), j -> seen.add(j.progress()));
        assertEquals(JobState.Registered, job.state());
        assertEquals(2, job.version());
        assertEquals(List.of(10, 60, 100), seen);
    }

    @Test
    void aJobThatNeverAppearsIsTheApisNotFoundOnceTheWaitIsOver() {
        api.answer(404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no job with id 'j'\", \"details\": {}}}");
        TabmlApiException e = assertThrows(TabmlApiException.class,
                () -> client.awaitJob("j", Duration.ofMillis(50), Duration.ofMillis(10), job -> {}));
        assertEquals("not_found", e.code());
        assertTrue(api.received.size() > 1, "it kept asking until the time was up");
    }

    @Test
    void anUnreachableServerIsAnIoErrorNamingTheUrl() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var offline = TabmlClient.builder("http://127.0.0.1:" + port).retry(FAST).build();
        var e = assertThrows(UncheckedIOException.class, offline::models);
        assertTrue(e.getMessage().startsWith("cannot reach the API at http://127.0.0.1:" + port + "/api/"), e.getMessage());
    }

    @Test
    void acceptsTheAppUrlWithOrWithoutApi() {
        assertEquals("http://h:7071/api/", TabmlClient.builder("http://h:7071").build().apiUrl().toString());
        assertEquals("http://h:7071/api/", TabmlClient.builder("http://h:7071/api/").build().apiUrl().toString());
        assertThrows(IllegalArgumentException.class, () -> TabmlClient.builder("h:7071").build());
    }
}
