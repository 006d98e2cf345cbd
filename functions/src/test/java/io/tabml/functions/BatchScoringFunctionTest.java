package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.tabml.serving.BatchScoring;
import org.junit.jupiter.api.Test;

/** A BlobCreated event under {@code batch/} is handed to batch scoring by path and version. */
class BatchScoringFunctionTest {
    private final BatchScoring batches = mock(BatchScoring.class);
    private final BatchScoringFunction function = new BatchScoringFunction(
            new Services(null, null, null, null, null, null, null, null, null, null, null, batches, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    /** An event as the Event Grid schema documents it for Microsoft.Storage.BlobCreated. */
    private static String event(String container, String path) {
        return """
                {"topic": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",
                 "subject": "/blobServices/default/containers/%s/blobs/%s",
                 "eventType": "Microsoft.Storage.BlobCreated", "eventTime": "2026-11-30T12:00:00Z", "id": "1",
                 "data": {"api": "PutBlockList", "eTag": "0x8DE0A1B2C3D4E5F", "contentType": "text/csv", "contentLength": 524288,
                          "blobType": "BlockBlob", "url": "https://a.blob.core.windows.net/%s/%s"},
                 "dataVersion": "", "metadataVersion": "1"}""".formatted(container, path, container, path);
    }

    @Test
    void scoresTheBlobTheEventNamesAtTheVersionItNames() {
        when(batches.score("claims/may.csv", "0x8DE0A1B2C3D4E5F")).thenReturn(new BatchScoring.Result(BatchScoring.Outcome.COMPLETED, null));

        function.score(event("batch", "claims/may.csv"), invocation.context);

        verify(batches).score("claims/may.csv", "0x8DE0A1B2C3D4E5F");
        assertTrue(invocation.messages().getFirst().contains("batch/claims/may.csv (0x8DE0A1B2C3D4E5F): COMPLETED"), invocation.messages().toString());
    }

    @Test
    void aSecondDeliveryWhileAnotherRunHoldsTheFileIsLoggedAndLetGo() {
        when(batches.score("claims/may.csv", "0x8DE0A1B2C3D4E5F")).thenReturn(new BatchScoring.Result(BatchScoring.Outcome.IN_PROGRESS, null));

        function.score(event("batch", "claims/may.csv"), invocation.context);

        assertTrue(invocation.messages().getFirst().endsWith("IN_PROGRESS"), invocation.messages().toString());
    }

    @Test
    void anEventForAnotherContainerIsIgnored() {
        function.score(event("datasets", "claims/may.csv"), invocation.context);

        verifyNoInteractions(batches);
        assertEquals(1, invocation.messages().size());
    }
}
