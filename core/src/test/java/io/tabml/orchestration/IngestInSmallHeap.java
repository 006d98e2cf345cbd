package io.tabml.orchestration;

import io.tabml.jobs.JobStore;
import io.tabml.storage.BlobStore;
import java.time.Clock;

/**
 * The child JVM of {@link LargeDatasetIngestionTest}: ingests one dataset blob on a deliberately
 * small heap and prints the outcome. Nothing is trained (the file is refused after a full read),
 * so no runner or registry is needed.
 * Arguments: the storage connection string, the model, the blob's path in datasets/.
 */
public final class IngestInSmallHeap {
    private IngestInSmallHeap() {}

    public static void main(String[] args) {
        BlobStore blobs = BlobStore.fromConnectionString(args[0]);
        var ingestion = new DatasetIngestion(blobs, new JobStore(blobs), null, null, Long.MAX_VALUE, Clock.systemUTC());
        IngestResult result = ingestion.ingest(args[1], args[2]);
        System.out.println(result.outcome() + " " + result.job().id() + " max heap " + Runtime.getRuntime().maxMemory());
    }
}
