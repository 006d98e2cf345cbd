package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tabml.ingest.DatasetLayout;

/**
 * A CSV under {@code datasets/<model>/} becomes a training job (or a rejection report). The trigger
 * is the storage account's BlobCreated event, delivered by Event Grid (the subscription is in
 * {@code infra/bicep/app/blob-events.bicep}): it names the blob and carries none of its content, so
 * the ingestion reads the file as a stream, whatever its size, where a blob trigger bound to
 * {@code byte[]} would hold it whole (docs/large-files.md). Locally the host delivers the same
 * event when it sees the blob appear in Azurite.
 */
public class DatasetEventTrigger {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public DatasetEventTrigger() {
        this(Services.get());
    }

    public DatasetEventTrigger(Services services) {
        this.services = services;
    }

    @FunctionName("ingestDataset")
    public void ingest(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        BlobCreatedEvent created = BlobCreatedEvent.parse(event);
        String path = created.path();
        int slash = path.indexOf('/');
        if (!created.type().equals(BlobCreatedEvent.BLOB_CREATED) || !created.container().equals(DatasetLayout.CONTAINER)
                || slash < 0 || path.indexOf('/', slash + 1) >= 0 || !path.endsWith(".csv")) {
            // the subscription sends every .csv under datasets/; only <model>/<file>.csv is an upload
            context.getLogger().warning("ignored event " + created.type() + " for " + created.container() + "/" + path);
            return;
        }
        var result = services.ingestion().ingest(path.substring(0, slash), path);
        context.getLogger().info("datasets/" + path + ": " + result.outcome() + " - " + result.message()
                + (result.job() != null ? " (job " + result.job().id() + ")" : ""));
    }
}
