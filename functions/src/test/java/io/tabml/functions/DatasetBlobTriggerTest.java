package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tabml.jobs.TrainingJob;
import io.tabml.orchestration.DatasetIngestion;
import io.tabml.orchestration.IngestResult.Outcome;
import io.tabml.orchestration.IngestResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A CSV dropped under {@code datasets/<model>/} is handed to the ingestion with its path, and the outcome is logged. */
class DatasetBlobTriggerTest {
    private static final byte[] CSV = "age,label\n41,yes\n".getBytes(StandardCharsets.UTF_8);

    private final DatasetIngestion ingestion = mock(DatasetIngestion.class);
    private final DatasetBlobTrigger trigger = new DatasetBlobTrigger(new Services(null, null, null, null, null, ingestion, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void aStartedJobIsLoggedWithItsId() {
        TrainingJob job = TrainingJob.submitted("job-7", "churn", null, null, Instant.parse("2025-03-01T12:00:00Z"));
        when(ingestion.ingest("churn", "churn/2025-03.csv", CSV)).thenReturn(new IngestResult(Outcome.STARTED, job, "training started"));

        trigger.ingest(CSV, "churn", "2025-03", invocation.context);

        // The path is relative to the datasets container, as the blob trigger's {model}/{file}.csv names it.
        verify(ingestion).ingest("churn", "churn/2025-03.csv", CSV);
        String logged = invocation.messages().getFirst();
        assertTrue(logged.contains("datasets/churn/2025-03.csv"), logged);
        assertTrue(logged.contains("STARTED"), logged);
        assertTrue(logged.contains("job-7"), logged);
    }

    @Test
    void aRejectedDatasetIsLoggedWithTheReasonAndNoJob() {
        when(ingestion.ingest("churn", "churn/bad.csv", CSV)).thenReturn(new IngestResult(Outcome.REJECTED, null, "no label column"));

        trigger.ingest(CSV, "churn", "bad", invocation.context);

        assertEquals(1, invocation.logs.size());
        String logged = invocation.messages().getFirst();
        assertTrue(logged.contains("REJECTED") && logged.contains("no label column"), logged);
        assertFalse(logged.contains("(job"), logged);
    }
}
