package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tabml.errors.InvalidInputException;
import io.tabml.errors.NotFoundException;
import io.tabml.registry.Champion;
import io.tabml.registry.ModelCatalog.ModelDetails;
import io.tabml.registry.ModelCatalog.ModelSummary;
import io.tabml.registry.ModelCatalog.VersionSummary;
import io.tabml.registry.ModelCatalog;
import io.tabml.registry.ModelMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only registry routes: each answers the catalog's view, and the catalog's refusals keep their status. */
class ModelsFunctionTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final ModelCatalog catalog = mock(ModelCatalog.class);
    private final ModelsFunction function = new ModelsFunction(new Services(null, null, null, catalog, null, null, null, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void theListIsWrappedInModels() {
        when(catalog.list()).thenReturn(List.of(new ModelSummary("churn", 2, 3, 3, "logistic", 0.91, 0.88, 0.8, NOW, null)));

        var response = response(function.list(get().build(), invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("churn", response.json().get("models").get(0).get("model").asText());
        assertEquals(2, response.json().get("models").get(0).get("championVersion").asInt());
    }

    @Test
    void aModelIsAnsweredWithItsChampionAndVersions() {
        when(catalog.details("churn")).thenReturn(new ModelDetails("churn", new Champion(2, NOW, "passed the gate"), 2, null,
                List.of(new VersionSummary(2, "logistic", 0.91, 0.8, NOW, true, "better")), List.of()));

        var response = response(function.get(get().build(), "churn", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals(2, response.json().get("champion").get("version").asInt());
        assertEquals(1, response.json().get("versions").size());
    }

    @Test
    void aVersionIsAskedOfTheCatalogByNumber() {
        when(catalog.version("churn", 3)).thenReturn(new ModelMetadata("churn", 3, null, "abc123", 2048, null, NOW, null));

        var response = response(function.version(get().build(), "churn", 3, invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals(3, response.json().get("version").asInt());
        assertEquals("abc123", response.json().get("artifactSha256").asText());
    }

    @Test
    void anUnknownModelIsA404() {
        when(catalog.details("nope")).thenThrow(new NotFoundException("model 'nope' does not exist"));

        assertError(function.get(get().build(), "nope", invocation.context), 404, "not_found");
    }

    @Test
    void anInvalidModelNameIsA400() {
        when(catalog.version("../etc", 1)).thenThrow(new InvalidInputException("invalid_model_name", "model names are a-z, 0-9 and -"));

        assertError(function.version(get().build(), "../etc", 1, invocation.context), 400, "invalid_model_name");
    }
}
