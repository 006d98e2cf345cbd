package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.tabml.errors.NotFoundException;
import io.tabml.orchestration.ModelMonitoring;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/models/{model}/monitoring}: the range is read from the query, the rest is the service's. */
class MonitoringFunctionTest {
    private final ModelMonitoring monitoring = mock(ModelMonitoring.class);
    private final MonitoringFunction function = new MonitoringFunction(
            new Services(null, null, null, null, null, null, null, null, null, null, monitoring, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void theRangeIsPassedAsInstantsAndTheReportAnswered() {
        Instant from = Instant.parse("2026-11-30T08:00:00Z"), to = Instant.parse("2026-11-30T10:00:00Z");
        when(monitoring.report("churn", from, to)).thenReturn(new ModelMonitoring.Report("churn", null, from, to, List.of()));

        var response = response(function.get(get().query("from", "2026-11-30T08:00:00Z").query("to", "2026-11-30T10:00:00Z").build(),
                "churn", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("2026-11-30T08:00:00Z", response.json().get("from").asText());
        assertEquals(0, response.json().get("windows").size());
    }

    @Test
    void aRangeThatIsNotAnInstantIsA400BeforeAnythingIsRead() {
        var error = assertError(function.get(get().query("from", "yesterday").build(), "churn", invocation.context), 400, "invalid_query");
        assertEquals("from must be an ISO-8601 instant such as 2026-11-30T10:00:00Z, got 'yesterday'", error.get("message").asText());
        verifyNoInteractions(monitoring);
    }

    @Test
    void anUnknownModelIsA404() {
        when(monitoring.report("nope", null, null)).thenThrow(new NotFoundException("model 'nope' does not exist (no registered version)"));
        assertError(function.get(get().build(), "nope", invocation.context), 404, "not_found");
    }
}
