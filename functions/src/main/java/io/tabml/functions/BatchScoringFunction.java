package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.tabml.serving.BatchLayout;
import io.tabml.serving.BatchScoring;

/**
 * A CSV dropped at {@code batch/<model>/<name>.csv} is scored into {@code batch-results/}. The
 * trigger is the storage account's BlobCreated event, delivered by Event Grid (the subscription is in
 * {@code infra/bicep/app/blob-events.bicep}): it names the blob and its version and carries none of its
 * content, so the file is read as a stream however large it is, where a blob trigger bound to
 * {@code byte[]} or {@code String} would hold it whole (docs/batch-scoring.md). Locally the host
 * delivers the same event when it sees the blob appear in Azurite.
 */
public class BatchScoringFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public BatchScoringFunction() {
        this(Services.get());
    }

    public BatchScoringFunction(Services services) {
        this.services = services;
    }

    @FunctionName("scoreBatch")
    public void score(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        BlobCreatedEvent created = BlobCreatedEvent.parse(event);
        String where = created.container() + "/" + created.path();
        if (!created.type().equals(BlobCreatedEvent.BLOB_CREATED) || !created.container().equals(BatchLayout.CONTAINER)
                || !created.path().endsWith(".csv")) {
            context.getLogger().warning("ignored event " + created.type() + " for " + where + ": the subscription should filter it out");
            return;
        }
        BatchScoring.Result result = services.batches().score(created.path(), created.etag());
        var report = result.report();
        context.getLogger().info(where + " (" + created.etag() + "): " + result.outcome()
                + (report == null ? "" : ", " + report.rowsScored() + " of " + report.rows() + " row(s) scored"
                        + (report.problem() == null ? "" : ": " + report.problem())));
    }
}
