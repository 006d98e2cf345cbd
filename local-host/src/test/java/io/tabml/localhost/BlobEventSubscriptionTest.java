package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.functions.Services;
import io.tabml.testing.Azurite;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The local host delivers BlobCreated events as the deployment subscribes them, to functions that exist. */
class BlobEventSubscriptionTest {
    @Test
    void eachLocalSubscriptionIsOneTheBicepMakesToAFunctionOfTheApp() throws Exception {
        String bicep = Files.readString(Azurite.repoRoot().resolve("infra/bicep/app/blob-events.bicep"));
        var functions = FunctionScanner.scan(Services.class);
        for (BlobEventSubscription subscription : BlobEventSubscription.DEPLOYED) {
            assertTrue(functions.stream().anyMatch(f -> f.name().equals(subscription.function())), "no function " + subscription.function());
            for (String piece : new String[] {"= '" + subscription.function() + "'", "= '" + subscription.container() + "'",
                    "subjectEndsWith: '" + subscription.suffix() + "'", "endpointType: 'AzureFunction'"}) {
                assertTrue(bicep.contains(piece), "infra/bicep/app/blob-events.bicep lacks " + piece + " for " + subscription);
            }
        }
    }
}
