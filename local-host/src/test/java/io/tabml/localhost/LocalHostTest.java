package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.ingest.DatasetLayout;
import io.tabml.serving.BatchLayout;
import io.tabml.serving.BatchReport;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole slice through the local host on loopback, against real Azurite: upload -> job ->
 * child-JVM training -> registration -> champion -> predict; plus rejections, errors and keys.
 */
@EndToEnd
class LocalHostTest {
    static final String FUNCTION_KEY = "test-function-key";
    static final String ADMIN_KEY = "test-admin-key";
    static final String MODEL = "slice";

    static LocalHost host;
    static BlobStore blobs;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startHostAndTrainOneModel() throws Exception {
        Azurite azurite = Azurite.shared();
        blobs = azurite.blobStore();
        Map<String, String> settings = TestHosts.settings(azurite, "local-host-test", FUNCTION_KEY, ADMIN_KEY);
        settings.put("MAX_PREDICT_BYTES", "1000000");
        host = TestHosts.start(settings);
        Job job = TestHosts.trainThroughApi(blobs, host.port(), FUNCTION_KEY, MODEL,
                "{\"algorithms\": [\"logistic-regression\", \"gradient-boosting\"], \"timeBudgetSeconds\": 60}",
                SampleData.damageIncidence(2000, 17));
        assertEquals(JobState.Registered, job.state(), job.toString());
        assertEquals(1, job.version());
    }

    @AfterAll
    static void stop() {
        if (host != null) host.close();
    }

    @Test
    void servesTheChampionWithItsInputSchemaAndAnswersPredict() throws Exception {
        JsonNode models = json(get("/api/models"));
        JsonNode line = null;
        for (JsonNode m : models.get("models")) if (m.get("model").asText().equals(MODEL)) line = m;
        assertTrue(line != null, models.toString());
        assertEquals(1, line.get("championVersion").asInt());
        assertTrue(line.get("rocAuc").asDouble() > 0.6, line.toString());

        JsonNode model = json(get("/api/models/" + MODEL));
        assertEquals(1, model.get("champion").get("version").asInt());
        JsonNode features = model.get("inputSchema").get("features");
        assertEquals(11, features.size());
        assertEquals("NUMERIC", features.get(0).get("type").asText());
        assertTrue(model.get("inputSchema").get("features").findValues("categories").size() > 0);

        HttpResponse<String> predicted = send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                SampleData.csv(validRow()), FUNCTION_KEY);
        assertEquals(200, predicted.statusCode(), predicted.body());
        JsonNode answer = json(predicted);
        assertEquals(MODEL, answer.get("model").asText());
        assertEquals(1, answer.get("version").asInt());
        assertTrue(answer.get("label").asText().matches("yes|no"));
        double sum = answer.get("probabilities").get("yes").asDouble() + answer.get("probabilities").get("no").asDouble();
        assertEquals(1.0, sum, 1e-9);

        JsonNode version = json(get("/api/models/" + MODEL + "/versions/1"));
        assertEquals(64, version.get("artifactSha256").asText().length());
        assertEquals(2000, version.get("lineage").get("datasetRows").asInt());
        JsonNode metrics = version.get("metrics");
        for (String metric : new String[] {"accuracy", "precision", "recall", "f1", "rocAuc", "prAuc", "logLoss", "threshold"}) {
            assertTrue(metrics.get(metric).isNumber(), metric + " in " + metrics);
        }
        assertTrue(metrics.get("thresholdReason").asText().contains("F1"));
        assertEquals(2, metrics.get("confusionMatrix").size());
        assertTrue(metrics.get("rocCurve").size() > 2 && metrics.get("rocCurve").size() <= 100);
        assertEquals(11, version.get("featureImportance").size());
        assertTrue(version.get("selection").get("candidates").size() >= 2, "both configured algorithms were tried");
        assertTrue(version.get("selection").get("algorithm").asText().matches("logistic-regression|gradient-boosting"));
    }

    @Test
    void aCsvDroppedInBatchIsScoredIntoBatchResultsByTheChampion() {
        byte[] csv = SampleData.damageIncidence(50, 3);
        blobs.write(BatchLayout.CONTAINER, MODEL + "/dropped.csv", csv);

        BatchReport report = Awaitility.await("the batch report").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> blobs.readJson(BatchLayout.RESULTS_CONTAINER, MODEL + "/dropped.json", BatchReport.class)
                        .map(BlobStore.Versioned::value).filter(r -> !r.status().equals(BatchReport.RUNNING)).orElse(null),
                        r -> r != null);
        assertEquals(BatchReport.COMPLETED, report.status(), report.toString());
        assertEquals(1, report.modelVersion());
        assertEquals(50, report.rowsScored());
        String scored = new String(blobs.read(BatchLayout.RESULTS_CONTAINER, MODEL + "/dropped.csv").orElseThrow().value(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(scored.startsWith("age,region,") && scored.contains(",target,prediction,probability_no,probability_yes"),
                scored.lines().findFirst().orElse(""));
        assertEquals(51, scored.lines().count(), "the header and every row");
    }

    @Test
    void aPredictBodyMissingAFeatureIsA400ThatNamesIt() throws Exception {
        String body = validRow().replace("\"credit_score\": 640,", "");
        HttpResponse<String> response = send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                SampleData.csv(body), FUNCTION_KEY);
        assertEquals(400, response.statusCode());
        JsonNode error = json(response).get("error");
        assertEquals("invalid_request", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("credit_score"), error.toString());
        assertEquals("is required (a number)", error.get("details").get("credit_score").get(0).asText());
    }

    @Test
    void everyProblemOfABodyIsListedByFieldAndRow() throws Exception {
        String wrong = validRow().replace("\"age\": 34", "\"age\": \"thirty\"").replace("\"credit_score\": 640", "\"credit_score\": 1e400")
                .replace("\"region\": \"north\"", "\"region\": {\"name\": \"north\"}");
        HttpResponse<String> response = send("POST", "/api/models/" + MODEL + "/predict", "application/json", SampleData.csv(wrong),
                FUNCTION_KEY);
        assertEquals(400, response.statusCode());
        JsonNode details = json(response).get("error").get("details");
        assertEquals("must be a number, got a string", details.get("age").get(0).asText());
        assertEquals("must be a finite number", details.get("credit_score").get(0).asText());
        assertTrue(details.get("region").get(0).asText().contains("got an object"));

        String batch = "{\"rows\": [" + validRow() + "," + validRow().replace("\"prior_claims\": 1", "\"prior_claims\": true") + "]}";
        JsonNode rowDetails = json(send("POST", "/api/models/" + MODEL + "/predict", "application/json", SampleData.csv(batch),
                FUNCTION_KEY)).get("error").get("details");
        assertTrue(rowDetails.has("rows[1].prior_claims"), "batch problems name the row: " + rowDetails);
    }

    @Test
    void anUnseenCategoryIsAnsweredWithAWarning() throws Exception {
        HttpResponse<String> response = send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                SampleData.csv(validRow().replace("\"suv\"", "\"hovercraft\"")), FUNCTION_KEY);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response).get("warnings").get(0).asText().contains("'hovercraft' was not seen in training"));
    }

    @Test
    void aBrokenPredictBodyIsA400NotA500() throws Exception {
        HttpResponse<String> response = send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                SampleData.csv("{\"age\": "), FUNCTION_KEY);
        assertEquals(400, response.statusCode());
        assertEquals("invalid_json", json(response).get("error").get("code").asText());
        HttpResponse<String> unknown = send("POST", "/api/models/no-such-model/predict", "application/json",
                SampleData.csv(validRow()), FUNCTION_KEY);
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void aCsvDroppedInBlobStorageWithoutTargetIsRejectedWithAReport() throws Exception {
        String model = "dropped-bad";
        blobs.write(DatasetLayout.CONTAINER, model + "/no-target.csv", SampleData.csv("a,b\n1,2\n3,4\n"));
        JsonNode report = await("rejection report", () -> blobs.read(DatasetLayout.REJECTED_CONTAINER, model + "/no-target.json")
                .map(v -> Json.read(v.value(), JsonNode.class)).orElse(null), r -> r != null);
        assertEquals("missing_target_column", report.get("code").asText());
        JsonNode jobs = json(get("/api/jobs?model=" + model)).get("jobs");
        assertEquals(1, jobs.size());
        assertEquals("Rejected", jobs.get(0).get("state").asText());
        assertTrue(jobs.get(0).get("error").get("message").asText().contains("'target'"));
    }

    @Test
    void functionRoutesNeedTheirKeyOnceKeysAreConfigured() throws Exception {
        HttpResponse<String> without = send("GET", "/api/models", null, null, null);
        assertEquals(401, without.statusCode());
        assertEquals("unauthorized", json(without).get("error").get("code").asText());
        assertEquals(401, send("GET", "/api/models", null, null, "wrong-key").statusCode());
        assertEquals(200, send("GET", "/api/models", null, null, FUNCTION_KEY).statusCode());
        assertEquals(200, send("GET", "/api/models", null, null, ADMIN_KEY).statusCode(), "the admin key opens every level");
        assertEquals(200, http.send(HttpRequest.newBuilder(uri("/api/models?code=" + FUNCTION_KEY)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the key as ?code=");
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode(), "health is anonymous");
        assertEquals(401, send("POST", "/api/jobs/no-such-job/cancel", null, null, FUNCTION_KEY).statusCode(), "cancel is admin level");
        assertEquals(404, send("POST", "/api/jobs/no-such-job/cancel", null, null, ADMIN_KEY).statusCode());
    }

    @Test
    void listsJobsByModelAndState() throws Exception {
        JsonNode registered = json(get("/api/jobs?model=" + MODEL + "&state=registered")).get("jobs");
        assertTrue(registered.size() >= 1);
        for (JsonNode job : registered) assertEquals("Registered", job.get("state").asText());
        assertEquals(0, json(get("/api/jobs?model=" + MODEL + "&state=Running")).get("jobs").size());
        HttpResponse<String> bogus = get("/api/jobs?state=Sleeping");
        assertEquals(400, bogus.statusCode());
        assertTrue(json(bogus).get("error").get("details").has("state"));
    }

    @Test
    void unknownRoutesAndMethodsGetJsonErrors() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/nothing/here", null, null, FUNCTION_KEY);
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", json(missing).get("error").get("code").asText());
        assertEquals(405, send("DELETE", "/api/models", null, null, FUNCTION_KEY).statusCode());
        assertEquals(404, send("GET", "/api/models/" + MODEL + "/versions/abc", null, null, FUNCTION_KEY).statusCode(),
                "{version:int} does not match letters");
    }

    @Test
    void reUploadingTrainedDataAnswersThatNothingChanged() throws Exception {
        HttpResponse<String> again = send("POST", "/api/datasets/" + MODEL + "?name=incidents-again", "text/csv",
                SampleData.damageIncidence(2000, 17), FUNCTION_KEY);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(json(again).get("unchanged").asBoolean());
        assertEquals(1, json(again).get("version").asInt());
        assertTrue(blobs.properties(DatasetLayout.CONTAINER, MODEL + "/incidents-again.csv").isEmpty(), "nothing stored");
    }

    @Test
    void anUploadThatWillBeRefusedNamesTheJobThatSaysWhy() throws Exception {
        HttpResponse<String> upload = send("POST", "/api/datasets/refused?name=no-target", "text/csv",
                SampleData.csv("a,b\n1,2\n3,4\n"), FUNCTION_KEY);
        assertEquals(202, upload.statusCode());
        String jobId = json(upload).get("jobId").asText();
        JsonNode job = await("rejected job " + jobId, () -> get("/api/jobs/" + jobId),
                r -> r.statusCode() == 200 && json(r).get("state").asText().equals("Rejected"))
                .body().transform(b -> Json.read(b.getBytes(), JsonNode.class));
        assertEquals("missing_target_column", job.get("error").get("code").asText());
    }

    @Test
    void uploadsThatAreNotCsvOrEmptyAreRefusedAtTheDoor() throws Exception {
        assertEquals(415, send("POST", "/api/datasets/" + MODEL, "application/json", SampleData.csv("{}"), FUNCTION_KEY).statusCode());
        assertEquals(400, send("POST", "/api/datasets/" + MODEL, "text/csv", new byte[0], FUNCTION_KEY).statusCode());
        HttpResponse<String> badName = send("POST", "/api/datasets/Bad_Name", "text/csv", SampleData.csv("a,target\n"), FUNCTION_KEY);
        assertEquals(400, badName.statusCode());
        assertEquals("invalid_model_name", json(badName).get("error").get("code").asText());
    }

    @Test
    void servesTheStaticWebAppAtTheRootAndNothingOutsideIt() throws Exception {
        HttpResponse<String> index = send("GET", "/", null, null, null);
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(index.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"),
                "the security headers of staticwebapp.config.json apply locally too");
        assertEquals("DENY", index.headers().firstValue("x-frame-options").orElse(""));
        assertEquals(404, send("GET", "/..%2fpom.xml", null, null, null).statusCode());
    }

    @Test
    void explainsAPredictionAndAnswersBatchesAndPinnedVersions() throws Exception {
        HttpResponse<String> explained = send("POST", "/api/models/" + MODEL + "/predict?explain=true", "application/json",
                SampleData.csv(validRow()), FUNCTION_KEY);
        JsonNode contributions = json(explained).get("contributions");
        assertTrue(contributions.size() > 0 && contributions.size() <= 5, explained.body());
        assertTrue(contributions.get(0).has("feature") && contributions.get(0).has("contribution"));

        String batch = "{\"rows\": [" + validRow() + "," + validRow().replace("\"prior_claims\": 1", "\"prior_claims\": 4") + "]}";
        JsonNode answer = json(send("POST", "/api/models/" + MODEL + "/predict?version=1", "application/json",
                SampleData.csv(batch), FUNCTION_KEY));
        assertEquals(2, answer.get("predictions").size());
        assertEquals(1, answer.get("version").asInt());
        assertTrue(answer.get("predictions").get(1).get("probabilities").get("yes").asDouble()
                > answer.get("predictions").get(0).get("probabilities").get("yes").asDouble(), "more prior claims, more risk");

        assertEquals(404, send("POST", "/api/models/" + MODEL + "/predict?version=99", "application/json",
                SampleData.csv(validRow()), FUNCTION_KEY).statusCode());
        String extra = validRow().replace("{", "{\"colour\": \"red\",");
        HttpResponse<String> strict = send("POST", "/api/models/" + MODEL + "/predict", "application/json", SampleData.csv(extra), FUNCTION_KEY);
        assertEquals(400, strict.statusCode());
        assertTrue(json(strict).get("error").get("details").has("colour"));
        assertEquals(200, send("POST", "/api/models/" + MODEL + "/predict?lenient=true", "application/json",
                SampleData.csv(extra), FUNCTION_KEY).statusCode());
    }

    @Test
    void scoresACsvBatchAppendingPredictionsAndNeutralisingFormulas() throws Exception {
        String csv = new String(SampleData.damageIncidence(300, 23));
        String[] lines = csv.split("\n");
        lines[1] = lines[1].replaceFirst(",(north|south|east|west|central),", ",=HYPERLINK(\"http://x\"),");
        HttpResponse<String> scored = send("POST", "/api/models/" + MODEL + "/predict", "text/csv",
                SampleData.csv(String.join("\n", lines) + "\n"), FUNCTION_KEY);
        assertEquals(200, scored.statusCode(), scored.body());
        assertTrue(scored.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        String[] out = scored.body().split("\r\n");
        assertEquals(301, out.length);
        assertTrue(out[0].endsWith(",target,predictionId,prediction,probability_no,probability_yes"), out[0]);
        assertTrue(out[1].contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "a formula is written as text: " + out[1]);
        String[] cells = out[2].split(",");
        double p = Double.parseDouble(cells[cells.length - 1]) + Double.parseDouble(cells[cells.length - 2]);
        assertEquals(1.0, p, 1e-9);

        HttpResponse<String> bad = send("POST", "/api/models/" + MODEL + "/predict", "text/csv",
                SampleData.csv(lines[0] + "\n" + lines[2].replaceFirst("^[^,]*,", "old,") + "\n"), FUNCTION_KEY);
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("error").get("details").has("line 2: age"), bad.body());
        HttpResponse<String> lacking = send("POST", "/api/models/" + MODEL + "/predict", "text/csv",
                SampleData.csv("age,region\n30,north\n"), FUNCTION_KEY);
        assertEquals(400, lacking.statusCode());
        assertTrue(json(lacking).get("error").get("details").has("credit_score"));
    }

    @Test
    void feedbackFindsAnAnsweredPredictionByItsIdOnceItIsLogged() throws Exception {
        JsonNode answer = json(send("POST", "/api/models/" + MODEL + "/predict", "application/json", SampleData.csv(validRow()),
                FUNCTION_KEY));
        String id = answer.get("predictionId").asText();
        byte[] yes = SampleData.csv("[{\"predictionId\": \"" + id + "\", \"actual\": \"yes\"}]");
        String feedback = "/api/models/" + MODEL + "/feedback";

        // the log writes within PREDICTION_LOG_FLUSH_MILLIS of the answer; until then the id is unknown (a 400 that says so)
        HttpResponse<String> recorded = await("the prediction is logged", () -> send("POST", feedback, "application/json", yes,
                FUNCTION_KEY), r -> r.statusCode() != 400);
        assertEquals(200, recorded.statusCode(), recorded.body());
        assertEquals(1, json(recorded).get("recorded").asInt());
        HttpResponse<String> again = send("POST", feedback, "application/json", yes, FUNCTION_KEY);
        assertEquals(1, json(again).get("unchanged").asInt(), again.body());
        HttpResponse<String> different = send("POST", feedback, "application/json",
                SampleData.csv("[{\"predictionId\": \"" + id + "\", \"actual\": \"no\"}]"), FUNCTION_KEY);
        assertEquals(409, different.statusCode(), different.body());
        assertTrue(json(different).get("error").get("details").has(id), different.body());
        assertTrue(json(get("/api/health")).get("predictionLog").get("written").asLong() >= 1);

        // a scored CSV sent back with an actual column
        String[] scored = send("POST", "/api/models/" + MODEL + "/predict", "text/csv", SampleData.damageIncidence(5, 31), FUNCTION_KEY)
                .body().split("\r\n");
        int column = List.of(scored[0].split(",")).indexOf("predictionId");
        StringBuilder labelled = new StringBuilder("predictionId,actual\n");
        for (int i = 1; i < scored.length; i++) labelled.append(scored[i].split(",")[column]).append(",no\n");
        HttpResponse<String> csv = await("the CSV's predictions are logged", () -> send("POST", feedback, "text/csv",
                SampleData.csv(labelled.toString()), FUNCTION_KEY), r -> r.statusCode() != 400);
        assertEquals(200, csv.statusCode(), csv.body());
        assertEquals(5, json(csv).get("recorded").asInt());
    }

    @Test
    void aPredictBodyOverTheLimitIsA413() throws Exception {
        String rows = "{\"rows\": [" + (validRow() + ",").repeat(8000) + validRow() + "]}";
        HttpResponse<String> response = send("POST", "/api/models/" + MODEL + "/predict", "application/json", SampleData.csv(rows),
                FUNCTION_KEY);
        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", json(response).get("error").get("code").asText());
    }

    @Test
    void aChunkedBodyWithoutAContentLengthIsReadAndStillLimited() throws Exception {
        // a body from a stream is sent chunked, with no Content-Length: read up to the limit instead
        var chunked = HttpRequest.newBuilder(uri("/api/models/" + MODEL + "/predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-functions-key", FUNCTION_KEY);
        byte[] one = SampleData.csv(validRow());
        HttpResponse<String> answered = http.send(chunked.copy().POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(one))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answered.statusCode(), answered.body());
        byte[] tooMany = SampleData.csv("{\"rows\": [" + (validRow() + ",").repeat(8000) + validRow() + "]}");
        HttpResponse<String> refused = http.send(chunked.copy().POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(tooMany))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode());
    }

    @Test
    void promotionNeedsTheAdminKeyAndIsAudited() throws Exception {
        byte[] promote = SampleData.csv("{\"version\": 1, \"reason\": \"test\"}");
        assertEquals(401, send("POST", "/api/models/" + MODEL + "/champion", "application/json", promote, FUNCTION_KEY).statusCode());
        HttpResponse<String> promoted = send("POST", "/api/models/" + MODEL + "/champion", "application/json", promote, ADMIN_KEY);
        assertEquals(200, promoted.statusCode(), promoted.body());
        assertEquals(1, json(promoted).get("version").asInt());
        assertEquals("test", json(promoted).get("reason").asText());
        JsonNode history = json(get("/api/models/" + MODEL)).get("championHistory");
        assertTrue(history.size() >= 2, "the gate's promotion and this one: " + history);
        assertEquals("test", history.get(history.size() - 1).get("reason").asText());

        HttpResponse<String> missing = send("POST", "/api/models/" + MODEL + "/champion", "application/json",
                SampleData.csv("{\"version\": 42}"), ADMIN_KEY);
        assertEquals(404, missing.statusCode());
        HttpResponse<String> invalid = send("POST", "/api/models/" + MODEL + "/champion", "application/json",
                SampleData.csv("{\"version\": \"one\"}"), ADMIN_KEY);
        assertEquals(400, invalid.statusCode());
        assertTrue(json(invalid).get("error").get("details").has("version"));
    }

    static String validRow() {
        return """
                {"age": 34, "region": "north", "vehicle_type": "suv", "vehicle_age_years": 6,
                 "annual_mileage_km": 15000, "prior_claims": 1, "credit_score": 640, "policy_type": "basic",
                 "telematics": "no", "urban": "true", "deductible": 500}
                """;
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + host.port() + path);
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null, FUNCTION_KEY);
    }

    static HttpResponse<String> send(String method, String path, String contentType, byte[] body, String key)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) builder.header("Content-Type", contentType);
        if (key != null) builder.header("x-functions-key", key);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body().getBytes(), JsonNode.class);
    }

    static <T> T await(String what, Callable<T> probe, Predicate<T> done) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(probe, done::test);
    }
}
