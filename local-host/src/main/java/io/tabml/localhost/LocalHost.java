package io.tabml.localhost;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.config.AppConfig;
import io.tabml.functions.Services;
import io.tabml.storage.Json;
import io.tabml.storage.MessageQueue;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The local stand-in for the Azure Functions host, for development and tests only: it lives in its
 * own module, which the deployed function app does not contain. It finds the {@code @FunctionName}
 * methods in {@code io.tabml.functions} and runs those same classes on the services it is given:
 * HTTP triggers on 127.0.0.1:{@code PORT} under {@code /api}, the blob trigger by watching Azurite,
 * Event Grid triggers with the BlobCreated events Azure would send (Azurite sends none), timers on
 * their NCRONTAB schedules, queue triggers on Azurite's queues; it also serves the static web app at {@code /}.
 *
 * <p>Settings: {@code functions/local.settings.json} ("Values"), overridden by the environment.
 * Host-only settings: {@code PORT} (7071), {@code LOCAL_FUNCTION_KEY} / {@code LOCAL_ADMIN_KEY}
 * (unset: keys not enforced), {@code STATIC_WEB_DIR} (static-web), {@code BLOB_POLL_MILLIS} (1000),
 * {@code MAX_REQUEST_BYTES} (100 MB), {@code LOCAL_HOST_ID} (tabml-local), {@code QUEUE_POLL_MILLIS} (1000),
 * {@code QUEUE_LEASE_MILLIS} (600000: how long a message taken by a host that stopped stays hidden, the storage service's 10 minutes).
 */
public final class LocalHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());

    private final HttpFrontDoor http;
    private final BlobTriggerPoller blobTriggers;
    private final TimerScheduler timers;
    private final QueueTriggerListener queueTriggers;
    private final Services services;

    private LocalHost(HttpFrontDoor http, BlobTriggerPoller blobTriggers, TimerScheduler timers, QueueTriggerListener queueTriggers,
                      Services services) {
        this.http = http;
        this.blobTriggers = blobTriggers;
        this.timers = timers;
        this.queueTriggers = queueTriggers;
        this.services = services;
    }

    public static void main(String[] args) throws Exception {
        AppConfig config = AppConfig.fromEnvironment(localSettings(Path.of("functions", "local.settings.json")));
        LocalHost host;
        try {
            host = start(config, Services.from(config));
        } catch (BindException e) {
            System.err.println("port " + config.setting("PORT").orElse("7071") + " is already in use on 127.0.0.1: "
                    + "stop what holds it or set PORT to a free port");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(host::close));
        System.out.println("local functions host listening on http://127.0.0.1:" + host.port() + "/");
        Thread.currentThread().join();
    }

    /**
     * Starts the host: the function classes run on these services, which the host closes when it
     * stops (the prediction log writes what it holds); the host's own settings come from {@code config}.
     */
    public static LocalHost start(AppConfig config, Services services) throws IOException {
        List<FunctionDefinition> functions = FunctionScanner.scan(Services.class);
        FunctionInvoker invoker = FunctionInvoker.on(services);
        var keys = new AccessKeys(config.setting("LOCAL_FUNCTION_KEY").orElse(null), config.setting("LOCAL_ADMIN_KEY").orElse(null));
        var staticFiles = new StaticFiles(Path.of(config.setting("STATIC_WEB_DIR").orElse("static-web")));
        var http = new HttpFrontDoor(functions, invoker, keys, staticFiles, config.longSetting("MAX_REQUEST_BYTES", 100L << 20),
                (int) config.longSetting("PORT", 7071));
        try {
            var blobTriggers = new BlobTriggerPoller(functions, BlobEventSubscription.DEPLOYED, invoker, services.blobs(),
                    config.setting("LOCAL_HOST_ID").orElse("tabml-local"), UUID.randomUUID().toString(),
                    Duration.ofMillis(config.longSetting("BLOB_POLL_MILLIS", 1000)));
            var timers = new TimerScheduler(functions, invoker, name -> config.setting(name).orElse(null));
            var queueTriggers = new QueueTriggerListener(functions, invoker, name -> MessageQueue.from(config, name),
                    name -> config.setting(name).orElse(null), Duration.ofMillis(config.longSetting("QUEUE_LEASE_MILLIS", 600_000)),
                    Duration.ofMillis(config.longSetting("QUEUE_POLL_MILLIS", 1000)), QueueTriggerListener.VISIBILITY_TIMEOUT);
            http.describeRoutes().forEach(r -> LOG.info("route " + r));
            LOG.info("keys " + (keys.enforced() ? "enforced" : "not enforced (set LOCAL_FUNCTION_KEY / LOCAL_ADMIN_KEY to enforce)"));
            return new LocalHost(http, blobTriggers, timers, queueTriggers, services);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** The "Values" of a local settings file ({@code functions/local.settings.json}); none when it does not exist. */
    public static Map<String, String> localSettings(Path file) throws IOException {
        Map<String, String> settings = new HashMap<>();
        if (Files.exists(file)) {
            JsonNode values = Json.MAPPER.readTree(file.toFile()).path("Values");
            values.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        }
        return settings;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        queueTriggers.close();
        timers.close();
        blobTriggers.close();
        http.close();
        services.close();
    }
}
