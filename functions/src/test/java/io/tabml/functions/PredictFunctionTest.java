package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.post;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.tabml.config.AppConfig;
import io.tabml.errors.NotFoundException;
import io.tabml.serving.Prediction;
import io.tabml.serving.PredictionResponse;
import io.tabml.serving.PredictionService.Options;
import io.tabml.serving.PredictionService;
import io.tabml.storage.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/models/{model}/predict}: how the request picks the service call, and what is refused before it. */
class PredictFunctionTest {
    /** A small limit, so that a test can go over it with a few bytes. */
    private static final int MAX_PREDICT_BYTES = 64;
    private static final Options PLAIN = new Options(false, false);
    private static final String ID = "01JDQ6V2W5X3K8M9N0P1Q2R3S4";
    private static final String ID2 = "01JDQ6V2W5X3K8M9N0P1Q2R3S5";

    private final PredictionService predictions = mock(PredictionService.class);
    private final PredictFunction function = new PredictFunction(new Services(
            new AppConfig(Map.of("MAX_PREDICT_BYTES", String.valueOf(MAX_PREDICT_BYTES))),
            null, null, null, null, null, null, predictions, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    private HttpResponseMessage predict(HttpRequestMessage<Optional<byte[]>> request) {
        return function.predict(request, "iris", invocation.context);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void oneRowIsPredictedByPredictOne() {
        String row = "{\"age\": 41, \"city\": \"Lyon\"}";
        when(predictions.predictOne(any(), any(), any(), any())).thenReturn(
                new PredictionResponse("iris", 2, ID, "yes", Map.of("yes", 0.8, "no", 0.2), null, null, null));

        var response = response(predict(post(row).build()));

        assertEquals(200, response.getStatusCode());
        assertEquals("yes", response.json().get("label").asText());
        assertEquals(ID, response.json().get("predictionId").asText());
        assertEquals(2, response.json().get("version").asInt());
        // No version asked for: null, which means the champion.
        verify(predictions).predictOne("iris", null, json(row), PLAIN);
        verifyNoMoreInteractions(predictions);
    }

    @Test
    void rowsArePredictedByPredictBatch() {
        when(predictions.predictBatch(eq("iris"), isNull(), any(), eq(PLAIN))).thenReturn(new PredictionResponse("iris", 2, null,
                null, null, null, List.of(new Prediction(ID, "yes", Map.of(), null), new Prediction(ID2, "no", Map.of(), null)), null));

        var response = response(predict(post("{\"rows\": [{\"age\": 41}, {\"age\": 7}]}").build()));

        assertEquals(200, response.getStatusCode());
        assertEquals(2, response.json().get("predictions").size());
        assertEquals(ID2, response.json().get("predictions").get(1).get("predictionId").asText());
        // The service gets the array itself, not the envelope around it.
        verify(predictions).predictBatch("iris", null, json("[{\"age\": 41}, {\"age\": 7}]"), PLAIN);
        verifyNoMoreInteractions(predictions);
    }

    @Test
    void versionLenientAndExplainArePassedOn() {
        when(predictions.predictOne(any(), any(), any(), any())).thenReturn(new PredictionResponse("iris", 1, ID, "no", null, null, null, null));

        predict(post("{\"age\": 41}").query("version", "1").query("lenient", "true").query("explain", "true").build());

        verify(predictions).predictOne("iris", 1, json("{\"age\": 41}"), new Options(true, true));
    }

    @Test
    void aBodyOverTheLimitIsA413BeforeTheServiceIsCalled() {
        byte[] tooLarge = new byte[MAX_PREDICT_BYTES + 1];

        JsonNode error = assertError(predict(post(tooLarge).build()), 413, "payload_too_large");

        assertTrue(error.get("message").asText().contains("MAX_PREDICT_BYTES"), error::toString);
        verifyNoInteractions(predictions);
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String row = "{\"note\": \"" + "x".repeat(MAX_PREDICT_BYTES - 12) + "\"}";
        assertEquals(MAX_PREDICT_BYTES, row.getBytes(StandardCharsets.UTF_8).length);
        when(predictions.predictOne(any(), any(), any(), any())).thenReturn(new PredictionResponse("iris", 1, ID, "no", null, null, null, null));

        assertEquals(200, predict(post(row).build()).getStatusCode());
    }

    @Test
    void aCsvBodyIsAnsweredAsCsv() {
        byte[] csv = "age,city\n41,Lyon\n".getBytes(StandardCharsets.UTF_8);
        byte[] scored = "age,city,prediction\n41,Lyon,yes\n".getBytes(StandardCharsets.UTF_8);
        when(predictions.predictCsv("iris", 3, csv)).thenReturn(scored);

        var response = response(predict(post(csv).header("content-type", "text/csv; charset=utf-8").query("version", "3").build()));

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("text/csv"), response.getHeader("Content-Type"));
        assertArrayEquals(scored, (byte[]) response.getBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"version=latest", "version=2.0", "explain=yes", "lenient=1"})
    void aBadQueryParameterIsA400NamingIt(String parameter) {
        String[] nameAndValue = parameter.split("=");

        JsonNode error = assertError(predict(post("{\"age\": 41}").query(nameAndValue[0], nameAndValue[1]).build()),
                400, "invalid_request");

        assertTrue(error.get("details").has(nameAndValue[0]), error::toString);
        verifyNoInteractions(predictions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"age\": 41", "{\"age\": 41} {}", "{\"age\": 41, \"age\": 42}"})
    void aBodyThatIsNotOneJsonDocumentIsA400(String body) {
        assertError(predict(post(body).build()), 400, "invalid_json");
        verifyNoInteractions(predictions);
    }

    @Test
    void anEmptyBodyIsA400() {
        assertError(predict(post((byte[]) null).build()), 400, "empty_body");
        verifyNoInteractions(predictions);
    }

    @Test
    void anUnknownModelIsA404() {
        when(predictions.predictOne(any(), any(), any(), any())).thenThrow(new NotFoundException("model 'iris' has no champion"));

        assertError(predict(post("{\"age\": 41}").build()), 404, "not_found");
    }
}
