package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.post;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.tabml.errors.InvalidInputException;
import io.tabml.orchestration.DatasetUploads;
import io.tabml.training.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET} and {@code PUT /api/datasets/{model}/config}: a model's training settings. */
class TrainingConfigFunctionTest {
    private final DatasetUploads uploads = mock(DatasetUploads.class);
    private final TrainingConfigFunction function = new TrainingConfigFunction(new Services(null, null, null, null, null, null, uploads, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void storedSettingsAreAnsweredAsTheyWillBeUsed() {
        byte[] body = "{\"targetColumn\": \"churned\", \"metric\": \"f1\"}".getBytes(StandardCharsets.UTF_8);
        when(uploads.saveConfig("churn", body)).thenReturn(new TrainingConfig("churned", null, null, "f1", null, null, null));

        var response = response(function.put(post(body).header("content-type", "application/json").build(), "churn", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("churned", response.json().get("targetColumn").asText());
        assertEquals("f1", response.json().get("metric").asText());
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefusedBeforeAnythingIsStored() {
        assertError(function.put(post("{\"metric\": \"f1\"} trailing").build(), "churn", invocation.context), 400, "invalid_json");
        assertError(function.put(post("[1, 2]").build(), "churn", invocation.context), 400, "invalid_json");
        verifyNoInteractions(uploads);
    }

    @Test
    void settingsTheTrainerWouldRefuseAreA400NamingTheProblem() {
        byte[] body = "{\"cvFolds\": 1}".getBytes(StandardCharsets.UTF_8);
        when(uploads.saveConfig("churn", body)).thenThrow(new InvalidInputException("invalid_config", "config.json: cvFolds: must be between 2 and 10, got 1"));

        var error = assertError(function.put(post(body).build(), "churn", invocation.context), 400, "invalid_config");

        assertEquals("config.json: cvFolds: must be between 2 and 10, got 1", error.get("message").asText());
    }

    @Test
    void theSettingsOfAModelWithoutAStoredFileAreTheDefaults() {
        when(uploads.config("churn")).thenReturn(TrainingConfig.DEFAULTS);

        var response = response(function.get(get().build(), "churn", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("target", response.json().get("targetColumn").asText());
        assertEquals(List.of(), List.copyOf(response.json().findValues("positiveClass")), "unset settings stay unset");
    }
}
