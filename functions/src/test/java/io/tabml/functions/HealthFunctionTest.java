package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import io.tabml.storage.BlobStore;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** {@code GET /api/health}: up when storage answers, degraded (503, so that probes notice) when it does not. */
class HealthFunctionTest {
    private final BlobStore blobs = mock(BlobStore.class);
    private final HealthFunction function = new HealthFunction(new Services(null, blobs, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void reachableStorageIsHealthy() {
        var response = response(function.health(get().build(), invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("ok", response.json().get("status").asText());
    }

    @Test
    void unreachableStorageIsA503AndLogged() {
        doThrow(new IllegalStateException("connection refused")).when(blobs).ping();

        var response = response(function.health(get().build(), invocation.context));

        assertEquals(503, response.getStatusCode());
        assertEquals("unreachable", response.json().get("storage").asText());
        assertEquals(Level.WARNING, invocation.logs.getFirst().getLevel());
        assertTrue(invocation.messages().getFirst().contains("connection refused"), invocation.messages()::toString);
    }
}
