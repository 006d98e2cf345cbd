package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TRAINING_BACKEND=inapp through the local host: upload -> job -> queue message -> the queue-triggered
 * function trains inside its invocation -> the poller registers the version -> it is served.
 */
@EndToEnd
class InAppTrainingEndToEndTest {
    static final String KEY = "test-function-key";
    static final String ROW = """
            {"age": 30, "region": "north", "vehicle_type": "van", "vehicle_age_years": 10, "annual_mileage_km": 14000,
             "credit_score": 700, "telematics": "no", "prior_claims": 1, "policy_type": "basic", "urban": "yes", "deductible": 500}
            """;

    @Test
    void anUploadIsTrainedInsideTheFunctionAppRegisteredAndServed() throws Exception {
        Azurite azurite = Azurite.shared();
        Map<String, String> settings = TestHosts.settings(azurite, "inapp-test", KEY, "test-admin-key");
        settings.put("TRAINING_BACKEND", "inapp");
        settings.put("QUEUE_POLL_MILLIS", "200");
        try (LocalHost host = TestHosts.start(settings)) {
            Job job = TestHosts.trainThroughApi(azurite.blobStore(), host.port(), KEY, "inapp-damage",
                    "{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2, \"timeBudgetSeconds\": 30}", SampleData.damageIncidence(800, 5));

            assertEquals(JobState.Registered, job.state(), job.toString());
            assertEquals("inapp", job.backend());
            JsonNode stored = get(host, "/api/jobs/" + job.id());
            assertEquals("inapp", stored.at("/placement/backend").asText(), stored.toString());
            assertEquals("TRAINING_BACKEND is inapp", stored.at("/placement/reason").asText());
            assertTrue(stored.path("backendRef").asText().startsWith("inapp:"), stored.toString());
            assertEquals(0, stored.path("lostRuns").size());

            HttpResponse<String> predicted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + host.port() + "/api/models/inapp-damage/predict?version=1&lenient=true"))
                    .header("x-functions-key", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ROW)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, predicted.statusCode(), predicted.body());
            assertEquals(1, Json.MAPPER.readTree(predicted.body()).path("version").asInt(), predicted.body());
        }
    }

    private static JsonNode get(LocalHost host, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
                .header("x-functions-key", KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }
}
