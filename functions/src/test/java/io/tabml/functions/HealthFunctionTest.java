package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tabml.ingest.InputSchema;
import io.tabml.monitoring.PageBlock;
import io.tabml.monitoring.PredictionLog;
import io.tabml.monitoring.PredictionTable;
import io.tabml.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/health}: up when storage answers, degraded (503, so that probes notice) when it
 * does not; either way with what the prediction log has done.
 */
class HealthFunctionTest {
    /** A version with no inputs and one class: all the log needs to take a prediction. */
    private static final InputSchema SCHEMA = new InputSchema(List.of(), "target", List.of("a"), null, List.of());
    private final BlobStore blobs = mock(BlobStore.class);
    private final PredictionTable table = mock(PredictionTable.class);
    private final PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 2, Duration.ofHours(1));
    private final HealthFunction function = new HealthFunction(new Services(null, blobs, null, null, null, null, null, null, log, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void reachableStorageIsHealthy() {
        var response = response(function.health(get().build(), invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("ok", response.json().get("status").asText());
        var predictionLog = response.json().get("predictionLog");
        for (String counter : new String[] {"written", "dropped", "failed", "queued"}) {
            assertEquals(0, predictionLog.get(counter).asLong(), counter + " in " + predictionLog);
        }
        assertEquals(2, predictionLog.get("capacity").asInt());
    }

    @Test
    void showsPredictionsTheLogDroppedWhenItsBufferWasFull() {
        when(table.writeBlocks(any())).thenAnswer(call -> new PredictionTable.Written(PageBlock.predictions(call.getArgument(0)), 0, null));
        var answer = log.answer();
        for (int i = 0; i < 5; i++) answer.log("m", 1, SCHEMA, new Object[0], new double[] {1.0}, "a");
        answer.commit(); // two fit in the buffer of two and are written; three are dropped
        await().atMost(Duration.ofSeconds(5)).until(() -> log.stats().written() == 2);

        var predictionLog = response(function.health(get().build(), invocation.context)).json().get("predictionLog");

        assertEquals(3, predictionLog.get("dropped").asLong(), predictionLog::toString);
        assertEquals(2, predictionLog.get("written").asLong(), predictionLog::toString);
        assertEquals(0, predictionLog.get("queued").asLong(), predictionLog::toString);
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
