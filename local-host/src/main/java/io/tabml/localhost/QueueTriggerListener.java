package io.tabml.localhost;

import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.tabml.storage.MessageQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs queue-triggered functions as the Functions host's queue listener does, with the settings of
 * {@code functions/host.json}: one message at a time per function ({@code batchSize} 1,
 * {@code newBatchThreshold} 0), the message hidden while the function runs (a lease renewed at half
 * its length, as the host renews a message's visibility), deleted when the function returns, made
 * visible again after the visibility timeout ({@link #VISIBILITY_TIMEOUT}) when it throws, and moved to
 * {@code <queue>-poison} when it throws on delivery {@link #MAX_DEQUEUE_COUNT}. A host that stops
 * mid-invocation renews nothing, so the message reappears when its lease runs out, as in Azure
 * after the storage service's 10 minutes.
 */
final class QueueTriggerListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueTriggerListener.class.getName());
    /** host.json {@code extensions.queues.maxDequeueCount} (QueueTriggerListenerTest keeps them equal). */
    static final int MAX_DEQUEUE_COUNT = 3;
    /** host.json {@code extensions.queues.visibilityTimeout}: how long a message that failed waits before it is delivered again. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final Duration lease;
    private final Duration pollInterval;
    private final Duration visibilityTimeout;
    private final ExecutorService listeners;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(daemon("queue-lease"));

    /**
     * @param queueOf      the queue of a name
     * @param lease        how long a taken message stays hidden unless renewed (Azure: 10 minutes)
     * @param pollInterval how long an empty queue is left alone
     * @param visibilityTimeout how long a message whose function threw waits to be delivered again ({@link #VISIBILITY_TIMEOUT})
     */
    QueueTriggerListener(List<FunctionDefinition> functions, FunctionInvoker invoker, Function<String, MessageQueue> queueOf,
                         UnaryOperator<String> resolveSetting, Duration lease, Duration pollInterval, Duration visibilityTimeout) {
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.visibilityTimeout = visibilityTimeout;
        List<FunctionDefinition> queued = functions.stream().filter(f -> f.trigger(QueueTrigger.class) != null).toList();
        this.listeners = Executors.newFixedThreadPool(Math.max(1, queued.size()), daemon("queue-trigger"));
        for (FunctionDefinition function : queued) {
            String name = resolve(function.trigger(QueueTrigger.class).queueName(), resolveSetting, function);
            MessageQueue queue = queueOf.apply(name);
            MessageQueue poison = queueOf.apply(name + "-poison");
            listeners.submit(() -> listen(function, invoker, queue, poison));
        }
    }

    @Override
    public void close() {
        listeners.shutdownNow();
        renewals.shutdownNow();
    }

    private void listen(FunctionDefinition function, FunctionInvoker invoker, MessageQueue queue, MessageQueue poison) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                var message = queue.receive(lease);
                if (message.isPresent()) deliver(function, invoker, queue, poison, message.get());
                else Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "queue " + queue.name() + " could not be read; trying again", e);
                sleepQuietly();
            }
        }
    }

    private void deliver(FunctionDefinition function, FunctionInvoker invoker, MessageQueue queue, MessageQueue poison,
                         MessageQueue.Message taken) {
        var held = new AtomicReference<>(taken);
        long every = lease.toMillis() / 2;
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(queue, held), every, every, TimeUnit.MILLISECONDS);
        Exception failure = null;
        try {
            invoker.invoke(function, taken.text(), Map.of("DequeueCount", Long.toString(taken.dequeueCount()), "Id", taken.id()));
        } catch (Exception e) {
            failure = e;
        } finally {
            renewal.cancel(false);
        }
        synchronized (held) {
            if (failure == null) {
                queue.delete(held.get());
            } else if (taken.dequeueCount() >= MAX_DEQUEUE_COUNT) {
                LOG.log(Level.SEVERE, "function " + function.name() + " failed on delivery " + taken.dequeueCount() + ": message moved to "
                        + poison.name(), failure);
                poison.send(taken.text());
                queue.delete(held.get());
            } else {
                LOG.log(Level.WARNING, "function " + function.name() + " failed on delivery " + taken.dequeueCount() + "; it is retried", failure);
                queue.hide(held.get(), visibilityTimeout);
            }
        }
    }

    /** Keeps the message hidden for another lease; the final delete or release waits for a renewal under way (same lock). */
    private void renew(MessageQueue queue, AtomicReference<MessageQueue.Message> held) {
        synchronized (held) {
            try {
                held.set(queue.hide(held.get(), lease));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not renew the lease of message " + held.get().id() + " on " + queue.name(), e);
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String resolve(String queueName, UnaryOperator<String> resolveSetting, FunctionDefinition function) {
        if (!queueName.startsWith("%") || !queueName.endsWith("%")) return queueName;
        String value = resolveSetting.apply(queueName.substring(1, queueName.length() - 1));
        if (value == null) throw new IllegalStateException("queue trigger " + function.name() + " needs the setting " + queueName);
        return value;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
