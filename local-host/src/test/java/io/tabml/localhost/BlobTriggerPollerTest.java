package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobTriggerPollerTest {
    private final BlobStore blobs = Azurite.shared().blobStore();
    private final List<FunctionDefinition> functions = FunctionScanner.scan(TestFunctions.class).stream()
            .filter(f -> f.name().equals("recordBlob")).toList();
    private String hostId;

    @BeforeEach
    void reset() {
        TestFunctions.blobCalls.clear();
        TestFunctions.failuresToThrow = 0;
        hostId = "host-" + UUID.randomUUID();
    }

    /** A poller that polls once as it starts and then not for an hour: the test drives it. */
    private BlobTriggerPoller poller() {
        return new BlobTriggerPoller(functions, List.of(), new FunctionInvoker(type -> new TestFunctions()), blobs, hostId, UUID.randomUUID().toString(), Duration.ofHours(1));
    }

    @Test
    void runsOncePerBlobVersionAcrossRestartsAndInstances() throws Exception {
        String folder = "f" + UUID.randomUUID().toString().substring(0, 8);
        blobs.write("trigger-test", folder + "/data.csv", "v1".getBytes());
        blobs.write("trigger-test", folder + "/notes.txt", "ignored".getBytes());
        try (var first = poller(); var second = poller()) {
            first.poll();
            second.poll();
            first.poll();
        }
        try (var afterRestart = poller()) {
            afterRestart.poll();
        }
        assertEquals(List.of(folder + "/data:v1"), calls(folder), "the path parameters are bound and .txt does not match");

        blobs.write("trigger-test", folder + "/data.csv", "v2".getBytes());
        try (var poller = poller()) {
            poller.poll();
            poller.poll();
        }
        assertEquals(List.of(folder + "/data:v1", folder + "/data:v2"), calls(folder), "a new ETag is a new delivery");
    }

    @Test
    void retriesAFailingFunctionThenGivesUpAsPoison() throws Exception {
        String folder = "p" + UUID.randomUUID().toString().substring(0, 8);
        blobs.write("trigger-test", folder + "/x.csv", "data".getBytes());
        TestFunctions.failuresToThrow = 2;
        try (var poller = poller()) {
            for (int i = 0; i < 4; i++) poller.poll();
        }
        assertEquals(List.of(folder + "/x:data"), calls(folder), "third attempt succeeded, and only once");

        String poisoned = "q" + UUID.randomUUID().toString().substring(0, 8);
        blobs.write("trigger-test", poisoned + "/y.csv", "data".getBytes());
        TestFunctions.failuresToThrow = 100;
        try (var poller = poller()) {
            for (int i = 0; i < BlobTriggerPoller.MAX_ATTEMPTS + 3; i++) poller.poll();
        }
        int attemptsMade = 100 - TestFunctions.failuresToThrow;
        assertEquals(BlobTriggerPoller.MAX_ATTEMPTS, attemptsMade, "no retry storm past the limit");
        var receipt = blobs.list(BlobTriggerPoller.RECEIPTS_CONTAINER, "blobreceipts/" + hostId + "/").stream()
                .filter(b -> b.path().endsWith(poisoned + "/y.csv")).findFirst().orElseThrow();
        var stored = Json.read(blobs.read(BlobTriggerPoller.RECEIPTS_CONTAINER, receipt.path()).orElseThrow().value(),
                BlobTriggerPoller.Receipt.class);
        assertEquals("poison", stored.status());
        assertTrue(stored.lastError().contains("failing on purpose"));
    }

    @Test
    void deliversABlobCreatedEventNamingTheBlobAndItsVersionOncePerVersion() throws Exception {
        String folder = "e" + UUID.randomUUID().toString().substring(0, 8);
        String container = "event-test";
        var subscription = new BlobEventSubscription("recordEvent", container, ".csv");
        var all = FunctionScanner.scan(TestFunctions.class);
        blobs.write(container, folder + "/in.csv", "a,b\n1,2\n".getBytes());
        blobs.write(container, folder + "/notes.txt", "ignored".getBytes());
        try (var first = new BlobTriggerPoller(all.stream().filter(f -> f.name().equals("recordEvent")).toList(), List.of(subscription),
                new FunctionInvoker(type -> new TestFunctions()), blobs, hostId, UUID.randomUUID().toString(), Duration.ofHours(1));
             var second = new BlobTriggerPoller(all.stream().filter(f -> f.name().equals("recordEvent")).toList(), List.of(subscription),
                new FunctionInvoker(type -> new TestFunctions()), blobs, hostId, UUID.randomUUID().toString(), Duration.ofHours(1))) {
            first.poll();
            second.poll();
        }
        List<JsonNode> delivered = TestFunctions.events.stream().map(e -> Json.read(e.getBytes(), JsonNode.class))
                .filter(e -> e.path("subject").asText().contains("/" + folder + "/")).toList();
        assertEquals(1, delivered.size(), "one event for the one .csv version, across two hosts: " + delivered);
        JsonNode event = delivered.get(0);
        assertEquals("Microsoft.Storage.BlobCreated", event.path("eventType").asText());
        assertEquals("/blobServices/default/containers/" + container + "/blobs/" + folder + "/in.csv", event.path("subject").asText());
        String etag = blobs.properties(container, folder + "/in.csv").orElseThrow().etag().replace("\"", "");
        assertEquals(etag, event.path("data").path("eTag").asText(), "the version is named, without the quotes the SDK adds");
        assertEquals(8, event.path("data").path("contentLength").asLong());
        assertEquals(blobs.url(container, folder + "/in.csv"), event.path("data").path("url").asText());
    }

    private static List<String> calls(String folder) {
        return TestFunctions.blobCalls.stream().filter(c -> c.startsWith(folder + "/")).toList();
    }
}
