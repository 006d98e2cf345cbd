package io.tabml.storage;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import io.tabml.config.AppConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * One Azure Storage queue: send, and for the local host's stand-in of the queue trigger, receive,
 * hide and delete. Messages are Base64-encoded, as the Functions queue trigger reads them by default
 * ({@code messageEncoding: base64} in host.json). The queue is created on first send.
 */
public final class MessageQueue {
    private final QueueClient queue;
    private volatile boolean created;

    private MessageQueue(QueueClient queue) {
        this.queue = queue;
    }

    /** The queue in the app's storage account: a connection string locally, the managed identity in Azure. */
    public static MessageQueue from(AppConfig config, String name) {
        var connection = config.storageConnectionString();
        if (connection.isPresent()) return fromConnectionString(connection.get(), name);
        String endpoint = config.storageQueueServiceUri().orElseThrow(() -> new IllegalStateException(
                "queue storage is not configured: set AzureWebJobsStorage (a connection string; locally UseDevelopmentStorage=true) "
                        + "or AzureWebJobsStorage__queueServiceUri (with a managed identity)"));
        var credential = new com.azure.identity.DefaultAzureCredentialBuilder();
        config.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
        return new MessageQueue(builder().endpoint(endpoint).credential(credential.build()).queueName(name).buildClient());
    }

    public static MessageQueue fromConnectionString(String connectionString, String name) {
        return new MessageQueue(builder().connectionString(connectionString).queueName(name).buildClient());
    }

    private static QueueClientBuilder builder() {
        return new QueueClientBuilder().messageEncoding(QueueMessageEncoding.BASE64).httpClient(new JdkHttpClientBuilder().build());
    }

    public String name() {
        return queue.getQueueName();
    }

    public void send(String text) {
        ensureCreated();
        queue.sendMessage(text);
    }

    /** The next visible message, hidden from other receivers for {@code visibility}; empty when there is none (or no queue yet). */
    public Optional<Message> receive(Duration visibility) {
        try {
            for (QueueMessageItem item : queue.receiveMessages(1, visibility, null, null)) {
                return Optional.of(new Message(item.getMessageId(), item.getPopReceipt(), item.getBody().toString(), item.getDequeueCount()));
            }
            return Optional.empty();
        } catch (QueueStorageException e) {
            if (e.getStatusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Keeps a received message hidden for {@code visibility} from now; the returned message holds the new pop receipt. */
    public Message hide(Message message, Duration visibility) {
        var receipt = queue.updateMessage(message.id(), message.popReceipt(), null, visibility);
        return new Message(message.id(), receipt.getPopReceipt(), message.text(), message.dequeueCount());
    }

    public void delete(Message message) {
        queue.deleteMessage(message.id(), message.popReceipt());
    }

    private void ensureCreated() {
        if (!created) {
            queue.createIfNotExists();
            created = true;
        }
    }

    /** A received message: its id and pop receipt (needed to hide or delete it), its text, how often it was received. */
    public record Message(String id, String popReceipt, String text, long dequeueCount) {}
}
