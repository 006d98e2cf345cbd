package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.tabml.jobs.TrainingJob;
import io.tabml.orchestration.DatasetIngestion;
import io.tabml.orchestration.IngestResult.Outcome;
import io.tabml.orchestration.IngestResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A BlobCreated event for {@code datasets/<model>/<file>.csv} is handed to the ingestion by path, and the outcome is logged. */
class DatasetEventTriggerTest {
    private final DatasetIngestion ingestion = mock(DatasetIngestion.class);
    private final DatasetEventTrigger trigger = new DatasetEventTrigger(new Services(null, null, null, null, null, ingestion, null, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    private static String created(String path) {
        return """
                {"subject": "/blobServices/default/containers/datasets/blobs/%s", "eventType": "Microsoft.Storage.BlobCreated",
                 "data": {"eTag": "0x8DE0A1B2C3D4E5F", "contentLength": 17, "url": "https://a.blob.core.windows.net/datasets/%s"}}"""
                .formatted(path, path);
    }

    @Test
    void aStartedJobIsLoggedWithItsId() {
        TrainingJob job = TrainingJob.submitted("job-7", "churn", null, null, Instant.parse("2025-03-01T12:00:00Z"));
        when(ingestion.ingest("churn", "churn/2025-03.csv")).thenReturn(new IngestResult(Outcome.STARTED, job, "training started"));

        trigger.ingest(created("churn/2025-03.csv"), invocation.context);

        // the path is relative to the datasets container; the model is its folder
        verify(ingestion).ingest("churn", "churn/2025-03.csv");
        String logged = invocation.messages().getFirst();
        assertTrue(logged.contains("datasets/churn/2025-03.csv"), logged);
        assertTrue(logged.contains("STARTED"), logged);
        assertTrue(logged.contains("job-7"), logged);
    }

    @Test
    void aRejectedDatasetIsLoggedWithTheReasonAndNoJob() {
        when(ingestion.ingest("churn", "churn/bad.csv")).thenReturn(new IngestResult(Outcome.REJECTED, null, "no label column"));

        trigger.ingest(created("churn/bad.csv"), invocation.context);

        assertEquals(1, invocation.logs.size());
        String logged = invocation.messages().getFirst();
        assertTrue(logged.contains("REJECTED") && logged.contains("no label column"), logged);
        assertFalse(logged.contains("(job"), logged);
    }

    @Test
    void aFileOutsideAModelFolderIsNoUpload() {
        trigger.ingest(created("loose.csv"), invocation.context);
        trigger.ingest(created("churn/deeper/x.csv"), invocation.context);

        verifyNoInteractions(ingestion);
        assertEquals(2, invocation.logs.size());
    }
}
