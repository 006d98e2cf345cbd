package io.tabml.localhost;

import com.microsoft.azure.functions.annotation.BlobTrigger;
import io.tabml.storage.BlobStore;
import io.tabml.storage.ConcurrentUpdateException;
import io.tabml.storage.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs blob-triggered functions by watching their containers in storage, as the Functions host's
 * polling blob trigger does, and stands in for Event Grid where a function takes a storage account's
 * BlobCreated events ({@link BlobEventSubscription}; Azurite raises no events): a new blob under the
 * subscription's container is delivered to the function as the event Event Grid would send, naming
 * the blob and its ETag, with no content. Each blob version (ETag) is processed once, also across restarts and
 * between hosts sharing the storage: a receipt blob in {@code azure-webjobs-hosts/blobreceipts/}
 * is claimed with a create-if-absent before the function runs and marked done after. A function
 * that throws is retried on later polls, up to {@link #MAX_ATTEMPTS}, then the blob is poisoned.
 */
final class BlobTriggerPoller implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlobTriggerPoller.class.getName());
    static final String RECEIPTS_CONTAINER = "azure-webjobs-hosts";
    static final int MAX_ATTEMPTS = 5;
    /** A claim older than this whose owner never finished (it crashed) may be taken over. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);

    private final List<Watch> watches;
    private final FunctionInvoker invoker;
    private final BlobStore blobs;
    private final String hostId;
    private final String instanceId;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "blob-trigger-poller");
        t.setDaemon(true);
        return t;
    });

    BlobTriggerPoller(List<FunctionDefinition> functions, List<BlobEventSubscription> subscriptions, FunctionInvoker invoker,
                      BlobStore blobs, String hostId, String instanceId, Duration interval) {
        List<Watch> all = new java.util.ArrayList<>(functions.stream().filter(f -> f.trigger(BlobTrigger.class) != null).map(Watch::of).toList());
        for (BlobEventSubscription subscription : subscriptions) {
            FunctionDefinition function = functions.stream().filter(f -> f.name().equals(subscription.function())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no function " + subscription.function() + " for " + subscription));
            all.add(Watch.of(subscription, function));
        }
        this.watches = List.copyOf(all);
        this.invoker = invoker;
        this.blobs = blobs;
        this.hostId = hostId;
        this.instanceId = instanceId;
        if (!watches.isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "blob trigger poll failed; retrying on the next poll", e);
        }
    }

    void poll() {
        for (Watch watch : watches) {
            for (BlobStore.StoredBlob blob : blobs.list(watch.container(), watch.prefix())) {
                Matcher matcher = watch.pattern().matcher(blob.path());
                if (!matcher.matches()) continue;
                String receipt = receiptPath(watch, blob);
                if (finished.contains(receipt)) continue;
                if (claim(receipt)) run(watch, blob, matcher, receipt);
            }
        }
    }

    private void run(Watch watch, BlobStore.StoredBlob blob, Matcher matcher, String receipt) {
        Map<String, String> bindingData = new HashMap<>();
        for (String name : watch.parameters()) bindingData.put(name, matcher.group(name));
        bindingData.put("BlobTrigger", watch.container() + "/" + blob.path());
        bindingData.put("Uri", blobs.url(watch.container(), blob.path()));
        try {
            if (watch.event()) {
                invoker.invoke(watch.function(), blobCreated(watch.container(), blob), Map.of());
            } else {
                Optional<byte[]> content = blobs.read(watch.container(), blob.path()).map(BlobStore.Versioned::value);
                if (content.isPresent()) {
                    Object value = watch.binary() ? content.get() : new String(content.get(), java.nio.charset.StandardCharsets.UTF_8);
                    invoker.invoke(watch.function(), value, bindingData);
                }
            }
            settle(receipt, "done", null);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "function " + watch.function().name() + " failed on " + blob.path(), e);
            settle(receipt, "failed", e.toString());
        }
    }

    /**
     * The event as Event Grid delivers it to an Event Grid trigger (Event Grid schema): the storage
     * account's BlobCreated, whose subject names the blob and whose data carries its ETag, size and URL.
     */
    private String blobCreated(String container, BlobStore.StoredBlob blob) {
        var data = new java.util.LinkedHashMap<String, Object>();
        data.put("api", "PutBlob");
        data.put("eTag", blob.etag().replace("\"", ""));
        data.put("contentLength", blob.size());
        data.put("blobType", "BlockBlob");
        data.put("url", blobs.url(container, blob.path()));
        var event = new java.util.LinkedHashMap<String, Object>();
        event.put("id", java.util.UUID.randomUUID().toString());
        event.put("topic", "local-storage");
        event.put("subject", "/blobServices/default/containers/" + container + "/blobs/" + blob.path());
        event.put("eventType", "Microsoft.Storage.BlobCreated");
        event.put("eventTime", Instant.now().toString());
        event.put("data", data);
        event.put("dataVersion", "");
        event.put("metadataVersion", "1");
        return new String(Json.compact(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True when this instance may run the function for the receipt now. */
    private boolean claim(String path) {
        Receipt fresh = new Receipt("running", instanceId, Instant.now(), 1, null);
        if (blobs.createIfAbsent(RECEIPTS_CONTAINER, path, Json.write(fresh))) return true;
        var current = blobs.readJson(RECEIPTS_CONTAINER, path, Receipt.class);
        if (current.isEmpty()) return false;
        Receipt receipt = current.get().value();
        if (receipt.status().equals("done") || receipt.status().equals("poison")) {
            finished.add(path);
            return false;
        }
        boolean retry = receipt.status().equals("failed")
                || Duration.between(receipt.updatedAt(), Instant.now()).compareTo(STALE_CLAIM) > 0;
        if (!retry) return false;
        try {
            blobs.replaceIfMatch(RECEIPTS_CONTAINER, path, Json.write(new Receipt("running", instanceId, Instant.now(),
                    receipt.attempts() + 1, receipt.lastError())), current.get().etag());
            return true;
        } catch (ConcurrentUpdateException raced) {
            return false;
        }
    }

    private void settle(String path, String status, String error) {
        var current = blobs.readJson(RECEIPTS_CONTAINER, path, Receipt.class).orElseThrow();
        Receipt receipt = current.value();
        String next = status.equals("failed") && receipt.attempts() >= MAX_ATTEMPTS ? "poison" : status;
        if (next.equals("poison")) LOG.severe("giving up on " + path + " after " + receipt.attempts() + " attempts: " + error);
        blobs.replaceIfMatch(RECEIPTS_CONTAINER, path, Json.write(new Receipt(next, instanceId, Instant.now(), receipt.attempts(),
                error)), current.etag());
        if (!next.equals("failed")) finished.add(path);
    }

    private String receiptPath(Watch watch, BlobStore.StoredBlob blob) {
        String etag = blob.etag().replace("\"", "");
        return "blobreceipts/" + hostId + "/" + watch.function().name() + "/" + etag + "/" + watch.container() + "/" + blob.path();
    }

    /** The state of one blob version for one function. */
    record Receipt(String status, String owner, Instant updatedAt, int attempts, String lastError) {}

    /**
     * A blob-triggered function and its path template, e.g. {@code datasets/{model}/{file}.csv}; or
     * ({@code event}) a function that takes the BlobCreated events of a container.
     */
    record Watch(FunctionDefinition function, String container, String prefix, Pattern pattern, List<String> parameters,
                 boolean binary, boolean event) {
        private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

        static Watch of(BlobEventSubscription subscription, FunctionDefinition function) {
            return new Watch(function, subscription.container(), "", Pattern.compile(".*" + Pattern.quote(subscription.suffix())),
                    List.of(), false, true);
        }

        static Watch of(FunctionDefinition function) {
            BlobTrigger trigger = function.trigger(BlobTrigger.class);
            String path = trigger.path();
            int slash = path.indexOf('/');
            String container = path.substring(0, slash);
            String blobTemplate = path.substring(slash + 1);
            int firstParameter = blobTemplate.indexOf('{');
            String prefix = firstParameter < 0 ? blobTemplate : blobTemplate.substring(0, firstParameter);
            StringBuilder regex = new StringBuilder();
            List<String> parameters = new java.util.ArrayList<>();
            Matcher m = PARAMETER.matcher(blobTemplate);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(blobTemplate.substring(last, m.start())));
                regex.append("(?<").append(m.group(1)).append(">[^/]+?)");
                parameters.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(blobTemplate.substring(last)));
            return new Watch(function, container, prefix, Pattern.compile(regex.toString()), parameters,
                    "binary".equalsIgnoreCase(trigger.dataType()), false);
        }
    }
}
