package io.tabml.localhost;

import java.util.List;

/**
 * An Event Grid subscription to a storage account's BlobCreated events, as the local host honours
 * it: blobs created in {@code container} whose names end with {@code suffix} go to the function.
 * In Azure these are the subscriptions of {@code infra/bicep/app/blob-events.bicep}.
 */
record BlobEventSubscription(String function, String container, String suffix) {
    /** The subscriptions the deployment makes, in the same terms (checked against the Bicep by BlobEventSubscriptionTest). */
    static final List<BlobEventSubscription> DEPLOYED = List.of(new BlobEventSubscription("ingestDataset", "datasets", ".csv"),
            new BlobEventSubscription("scoreBatch", "batch", ".csv"));
}
