package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;

/**
 * A CSV under {@code datasets/<model>/} becomes a training job (or a rejection report). On Flex
 * Consumption the trigger is fed by Event Grid; the local host polls Azurite instead.
 */
public class DatasetBlobTrigger {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public DatasetBlobTrigger() {
        this(Services.get());
    }

    public DatasetBlobTrigger(Services services) {
        this.services = services;
    }

    @FunctionName("ingestDataset")
    public void ingest(
            @BlobTrigger(name = "content", path = "datasets/{model}/{file}.csv", dataType = "binary",
                    connection = "AzureWebJobsStorage", source = "EventGrid") byte[] content,
            @BindingName("model") String model,
            @BindingName("file") String file,
            ExecutionContext context) {
        var result = services.ingestion().ingest(model, model + "/" + file + ".csv", content);
        context.getLogger().info("datasets/" + model + "/" + file + ".csv: " + result.outcome() + " - " + result.message()
                + (result.job() != null ? " (job " + result.job().id() + ")" : ""));
    }
}
