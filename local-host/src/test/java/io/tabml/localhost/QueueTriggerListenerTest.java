package io.tabml.localhost;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import io.tabml.storage.MessageQueue;
import io.tabml.testing.Azurite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queue-triggered functions run on Azurite's queues as the Functions host runs them, with host.json's settings. */
class QueueTriggerListenerTest {
    private final List<FunctionDefinition> functions = FunctionScanner.scan(TestFunctions.class).stream()
            .filter(f -> f.name().equals("recordQueueMessage")).toList();
    private final String queueName = "trigger-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final MessageQueue queue = queue(queueName);

    @BeforeEach
    void reset() {
        TestFunctions.queueCalls.clear();
        TestFunctions.queueFailuresToThrow = 0;
    }

    private static MessageQueue queue(String name) {
        return MessageQueue.fromConnectionString(Azurite.shared().connectionString(), name);
    }

    private QueueTriggerListener listener(Duration lease) {
        return new QueueTriggerListener(functions, new FunctionInvoker(type -> new TestFunctions()), QueueTriggerListenerTest::queue,
                name -> Map.of("TEST_QUEUE", queueName).get(name), lease, Duration.ofMillis(100), Duration.ZERO);
    }

    @Test
    void eachMessageIsDeliveredOnceAndDeletedWhenTheFunctionReturns() throws Exception {
        queue.send("one");
        queue.send("two");
        try (var ignored = listener(Duration.ofSeconds(30))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> TestFunctions.queueCalls.size() == 2);
            Thread.sleep(500);
        }
        assertEquals(List.of("one#1", "two#1"), TestFunctions.queueCalls);
        assertTrue(queue.receive(Duration.ofSeconds(1)).isEmpty(), "both messages deleted");
    }

    @Test
    void aMessageWhoseHostStoppedComesBackAfterItsLeaseWithItsDequeueCount() {
        queue.send("taken by a host that died");
        assertTrue(queue.receive(Duration.ofSeconds(1)).isPresent(), "the first host took it and never deleted it");
        try (var ignored = listener(Duration.ofSeconds(30))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> TestFunctions.queueCalls.size() == 1);
        }
        assertEquals(List.of("taken by a host that died#2"), TestFunctions.queueCalls);
    }

    @Test
    void aLeaseIsRenewedWhileTheFunctionRunsSoNoOtherHostTakesTheMessage() throws Exception {
        queue.send("slow");
        TestFunctions.queueFailuresToThrow = 0;
        try (var ignored = listener(Duration.ofSeconds(2))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> TestFunctions.queueCalls.size() == 1);
        }
        assertTrue(queue.receive(Duration.ofSeconds(1)).isEmpty(), "deleted after the function returned");
    }

    @Test
    void aMessageThatFailsOnEveryDeliveryIsMovedToThePoisonQueueAfterMaxDequeueCount() {
        TestFunctions.queueFailuresToThrow = 100;
        queue.send("bad");
        try (var ignored = listener(Duration.ofSeconds(30))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> queue(queueName + "-poison").receive(Duration.ofSeconds(30)).isPresent());
        }
        assertEquals(List.of("bad#1", "bad#2", "bad#3"), TestFunctions.queueCalls);
        assertTrue(queue.receive(Duration.ofSeconds(1)).isEmpty(), "gone from the queue");
    }

    @Test
    void theListenerHonoursTheQueueSettingsOfHostJson() throws Exception {
        JsonNode queues = Json.MAPPER.readTree(Azurite.repoRoot().resolve("functions/host.json").toFile()).at("/extensions/queues");
        assertEquals(QueueTriggerListener.MAX_DEQUEUE_COUNT, queues.path("maxDequeueCount").asInt());
        assertEquals(QueueTriggerListener.VISIBILITY_TIMEOUT, Duration.between(java.time.LocalTime.MIN,
                java.time.LocalTime.parse(queues.path("visibilityTimeout").asText())));
        assertEquals(1, queues.path("batchSize").asInt(), "one message at a time, as this listener takes them");
        assertEquals(0, queues.path("newBatchThreshold").asInt());
    }
}
