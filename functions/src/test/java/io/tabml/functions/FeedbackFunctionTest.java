package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.post;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.ConflictException;
import io.tabml.monitoring.FeedbackService;
import io.tabml.storage.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /api/models/{model}/feedback}: JSON or CSV to the feedback service, and its refusals as the error shape. */
class FeedbackFunctionTest {
    private static final String ID = "01JDQ6V2W5X3K8M9N0P1Q2R3S4";

    private final FeedbackService feedback = mock(FeedbackService.class);
    private final FeedbackFunction function = new FeedbackFunction(new Services(null, null, null, null, null, null, null, null, null, feedback, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void aJsonListGoesToTheServiceAndItsCountsAreTheAnswer() {
        String body = "[{\"predictionId\": \"" + ID + "\", \"actual\": \"yes\"}]";
        when(feedback.fromJson(eq("iris"), any())).thenReturn(new FeedbackService.FeedbackResult("iris", 1, 1, 0));

        var response = response(function.feedback(post(body).build(), "iris", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals(1, response.json().get("recorded").asInt());
        verify(feedback).fromJson("iris", Json.read(body.getBytes(StandardCharsets.UTF_8), JsonNode.class));
    }

    @Test
    void aCsvBodyGoesToTheServiceAsCsv() {
        byte[] csv = ("predictionId,actual\n" + ID + ",no\n").getBytes(StandardCharsets.UTF_8);
        when(feedback.fromCsv("iris", csv)).thenReturn(new FeedbackService.FeedbackResult("iris", 1, 0, 1));

        var response = response(function.feedback(post(csv).header("content-type", "text/csv").build(), "iris", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals(1, response.json().get("unchanged").asInt());
    }

    @Test
    void aConflictIsA409ThatNamesEachId() {
        when(feedback.fromJson(eq("iris"), any())).thenThrow(new ConflictException("feedback_conflict", "1 prediction(s) already have a "
                + "different actual class", Map.of(ID, List.of("already has actual 'yes'; this request says 'no'"))));

        JsonNode error = assertError(function.feedback(post("[]").build(), "iris", invocation.context), 409, "feedback_conflict");

        assertEquals("already has actual 'yes'; this request says 'no'", error.get("details").get(ID).get(0).asText());
    }

    @Test
    void aBodyThatIsNotJsonIsA400BeforeTheServiceIsCalled() {
        assertError(function.feedback(post("[{\"predictionId\": ").build(), "iris", invocation.context), 400, "invalid_json");
        verifyNoInteractions(feedback);
    }
}
