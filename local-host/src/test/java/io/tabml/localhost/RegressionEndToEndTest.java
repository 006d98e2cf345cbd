package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.sample.SampleDataGenerator;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A numeric target through the local host on loopback, against real Azurite: upload -> job ->
 * child-JVM training of a regressor -> registration -> gate -> champion -> predict (JSON, rows, CSV,
 * explanations), and a second version compared with the champion on the same rows.
 */
@EndToEnd
class RegressionEndToEndTest {
    static final String KEY = "test-function-key";
    static final String MODEL = "repair-cost";
    static final String CONFIG = "{\"algorithms\": [\"ridge\", \"gradient-boosting\"], \"cvFolds\": 3, \"timeBudgetSeconds\": 60}";
    static final String ROW = """
            {"age": 30, "region": "north", "vehicle_type": "van", "vehicle_age_years": 10, "annual_mileage_km": 14000,
             "credit_score": 700, "telematics": "no"}
            """;

    static LocalHost host;
    static BlobStore blobs;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startHostAndTrainARegressor() throws Exception {
        Azurite azurite = Azurite.shared();
        blobs = azurite.blobStore();
        host = TestHosts.start(TestHosts.settings(azurite, "regression-test", KEY, "test-admin-key"));
        Job job = TestHosts.trainThroughApi(blobs, host.port(), KEY, MODEL, CONFIG, SampleData.repairCost(1500, 21));
        assertEquals(JobState.Registered, job.state(), job.toString());
        assertEquals(1, job.version());
    }

    @AfterAll
    static void stop() {
        if (host != null) host.close();
    }

    @Test
    void theRegressorIsRegisteredWithItsMetricsAndPromotedOverTheMean() throws Exception {
        JsonNode version = json(send("GET", "/api/models/" + MODEL + "/versions/1", null, null));
        assertEquals("regression", version.get("task").get("task").asText());
        assertTrue(version.get("task").get("reason").asText().startsWith("auto: every value of 'target' is a number"));
        assertFalse(version.has("metrics"), "no classification metrics: " + version.fieldNames().next());
        JsonNode metrics = version.get("regression").get("metrics");
        double[] target = Arrays.stream(new String(SampleData.repairCost(1500, 21), StandardCharsets.UTF_8).split("\n")).skip(1)
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(',') + 1))).toArray();
        double sd = Math.sqrt(smile.math.MathEx.var(target));
        assertTrue(metrics.get("rmse").asDouble() < 0.5 * sd, "RMSE " + metrics.get("rmse") + " against the target's sd " + sd);
        assertTrue(metrics.get("r2").asDouble() > 0.7, metrics.toString());
        assertEquals(300, metrics.get("sample").size(), "a point per holdout row for the plots");
        assertEquals(7, version.get("featureImportance").size());
        assertTrue(version.get("gate").get("promote").asBoolean(), version.get("gate").toString());
        assertTrue(version.get("gate").get("reason").asText().contains("better than predicting the training mean"));

        JsonNode line = null;
        for (JsonNode m : json(send("GET", "/api/models", null, null)).get("models")) if (m.get("model").asText().equals(MODEL)) line = m;
        assertTrue(line != null && line.get("rmse").isNumber() && line.get("r2").isNumber() && !line.has("rocAuc"), String.valueOf(line));
    }

    @Test
    void predictAnswersAValueWithItsIntervalForARowRowsAndACsv() throws Exception {
        HttpResponse<String> one = send("POST", "/api/models/" + MODEL + "/predict?explain=true", "application/json", ROW.getBytes());
        assertEquals(200, one.statusCode(), one.body());
        JsonNode answer = json(one);
        double value = answer.get("prediction").asDouble();
        double known = 900 + 350 + 400 * Math.sin(30 / 9.0) + 500 + 120;
        assertEquals(known, value, 3 * SampleDataGenerator.REGRESSION_NOISE, "the known cost of the row: " + answer);
        assertTrue(answer.get("interval").get(0).asDouble() < value && value < answer.get("interval").get(1).asDouble(), answer.toString());
        assertFalse(answer.has("label") || answer.has("probabilities"), answer.toString());
        JsonNode top = answer.get("contributions").get(0);
        assertEquals("vehicle_type", top.get("feature").asText(), "a van costs 500 more than the usual sedan: " + answer);
        assertTrue(top.get("contribution").asDouble() > 250, "in euros: " + top);

        JsonNode rows = json(send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                ("{\"rows\": [" + ROW + "," + ROW.replace("\"van\"", "\"sedan\"") + "]}").getBytes()));
        assertEquals(2, rows.get("predictions").size());
        assertEquals(value, rows.get("predictions").get(0).get("prediction").asDouble(), 1e-9);
        assertTrue(rows.get("predictions").get(1).get("prediction").asDouble() < value - 250, rows.toString());

        String csv = "age,region,vehicle_type,vehicle_age_years,annual_mileage_km,credit_score,telematics\n30,north,van,10,14000,700,no\n";
        HttpResponse<String> scored = send("POST", "/api/models/" + MODEL + "/predict", "text/csv", csv.getBytes());
        assertEquals(200, scored.statusCode(), scored.body());
        String[] lines = scored.body().split("\r\n");
        assertTrue(lines[0].endsWith(",predictionId,prediction,interval_low,interval_high"), lines[0]);
        String[] cells = lines[1].split(",");
        assertEquals(value, Double.parseDouble(cells[cells.length - 3]), 1e-9);

        HttpResponse<String> bad = send("POST", "/api/models/" + MODEL + "/predict", "application/json",
                ROW.replace("\"age\": 30", "\"age\": \"thirty\"").getBytes());
        assertEquals(400, bad.statusCode());
        assertEquals("must be a number, got a string", json(bad).get("error").get("details").get("age").get(0).asText());
    }

    @Test
    void aRegressorsPredictionIsLoggedAndTakesItsTrueValueAsFeedback() throws Exception {
        String id = json(send("POST", "/api/models/" + MODEL + "/predict", "application/json", ROW.getBytes())).get("predictionId").asText();
        byte[] feedback = ("[{\"predictionId\": \"" + id + "\", \"actual\": 1234.5}]").getBytes();
        // once the log has written the prediction, feedback finds it
        HttpResponse<String> recorded = Awaitility.await("the prediction is logged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> send("POST", "/api/models/" + MODEL + "/feedback", "application/json", feedback), r -> r.statusCode() != 400);
        assertEquals(200, recorded.statusCode(), recorded.body());
        assertEquals(1, json(recorded).get("recorded").asInt(), recorded.body());
        HttpResponse<String> text = send("POST", "/api/models/" + MODEL + "/feedback", "text/csv", ("predictionId,actual\n" + id + ",a lot\n").getBytes());
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("is not a finite number"), text.body());
        assertEquals(0, json(send("GET", "/api/health", null, null)).get("predictionLog").get("failed").asLong());
    }

    @Test
    void aClearlyWorseSecondVersionIsRefusedOnTheSameRowsAndTheChampionStays() throws Exception {
        // a straight line cannot follow the cost's curve in age: on the same rows it errs far more than the boosted champion
        Job job = TestHosts.trainThroughApi(blobs, host.port(), KEY, MODEL, CONFIG.replace("\"ridge\", \"gradient-boosting\"", "\"ridge\""),
                SampleData.repairCost(1500, 22));
        assertEquals(JobState.Registered, job.state(), job.toString());
        JsonNode gate = json(send("GET", "/api/models/" + MODEL + "/versions/" + job.version(), null, null)).get("gate");
        JsonNode paired = gate.get("championComparison");
        assertEquals("SQUARED_ERROR", paired.get("measure").asText(), gate.toString());
        assertEquals(300, paired.get("rows").asInt(), "other data: none of its holdout rows was a training row of the champion");
        assertTrue(paired.get("upperBound").asDouble() < -0.01 * paired.get("champion").asDouble(), paired.toString());
        assertFalse(gate.get("promote").asBoolean(), gate.toString());
        assertTrue(gate.get("reason").asText().startsWith("not promoted (champion test): worse than the champion"), gate.get("reason").asText());
        assertEquals(1, json(send("GET", "/api/models/" + MODEL, null, null)).get("champion").get("version").asInt());
    }

    static HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) builder.header("Content-Type", contentType);
        builder.header("x-functions-key", KEY);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body().getBytes(), JsonNode.class);
    }
}
