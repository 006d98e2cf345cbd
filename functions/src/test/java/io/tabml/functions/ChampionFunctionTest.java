package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.post;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.tabml.errors.ConflictException;
import io.tabml.errors.NotFoundException;
import io.tabml.registry.Champion;
import io.tabml.registry.ModelCatalog;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/models/{model}/champion}: reads version and reason, promotes through the catalog. */
class ChampionFunctionTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final ModelCatalog catalog = mock(ModelCatalog.class);
    private final ChampionFunction function = new ChampionFunction(new Services(null, null, null, catalog, null, null, null, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    private HttpResponseMessage promote(String body) {
        return function.promote(post(body).build(), "iris", invocation.context);
    }

    @Test
    void promotesTheGivenVersionForTheGivenReasonAndAnswersTheNewChampion() {
        when(catalog.promote("iris", 3, "rollback after drift")).thenReturn(new Champion(3, NOW, "rollback after drift"));

        var response = response(promote("{\"version\": 3, \"reason\": \"rollback after drift\"}"));

        assertEquals(200, response.getStatusCode());
        assertEquals(3, response.json().get("version").asInt());
        assertEquals("rollback after drift", response.json().get("reason").asText());
    }

    @Test
    void withoutAReasonTheChampionIsSetThroughTheApi() {
        when(catalog.promote("iris", 2, "set through the API")).thenReturn(new Champion(2, NOW, "set through the API"));

        assertEquals(200, promote("{\"version\": 2}").getStatusCode());
        verify(catalog).promote("iris", 2, "set through the API");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"reason\": \"no version\"}", "{\"version\": null}", "{\"version\": \"3\"}",
            "{\"version\": 2.5}", "{\"version\": 99999999999}", "{\"version\": true}"})
    void aMissingOrNonIntegerVersionIsA400NamingTheField(String body) {
        JsonNode error = assertError(promote(body), 400, "invalid_request");

        assertTrue(error.get("details").has("version"), error::toString);
        verifyNoInteractions(catalog);
    }

    @Test
    void anEmptyBodyIsA400() {
        assertError(function.promote(post((byte[]) null).build(), "iris", invocation.context), 400, "empty_body");
        verifyNoInteractions(catalog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"version\": 3", "[3]", "{\"version\": 3} {\"version\": 4}", "{\"version\": 3, \"version\": 4}"})
    void aBodyThatIsNotOneJsonObjectIsA400(String body) {
        // Unterminated, an array, two documents, a repeated key: none is guessed at.
        assertError(promote(body), 400, "invalid_json");
        verifyNoInteractions(catalog);
    }

    @Test
    void anUnknownVersionIsA404() {
        when(catalog.promote(anyString(), anyInt(), anyString())).thenThrow(new NotFoundException("model 'iris' has no version 9"));

        assertError(promote("{\"version\": 9}"), 404, "not_found");
    }

    @Test
    void aChampionChangedMeanwhileIsA409() {
        when(catalog.promote(anyString(), anyInt(), anyString())).thenThrow(new ConflictException("the champion changed"));

        assertError(promote("{\"version\": 2}"), 409, "conflict");
    }
}
