package io.tabml.functions.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.config.AppConfig;
import io.tabml.functions.Services;
import io.tabml.storage.Json;
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
 * The local stand-in for the Azure Functions host, for development and tests only (production
 * runs on the real host). It finds the {@code @FunctionName} methods in {@code io.tabml.functions}
 * and runs those same classes: HTTP triggers on 127.0.0.1:{@code PORT} under {@code /api}, the
 * blob trigger by watching Azurite, timers on their NCRONTAB schedules; it also serves the static
 * web app at {@code /}.
 *
 * <p>Settings: {@code functions/local.settings.json} ("Values"), overridden by the environment.
 * Host-only settings: {@code PORT} (7071), {@code LOCAL_FUNCTION_KEY} / {@code LOCAL_ADMIN_KEY}
 * (unset: keys not enforced), {@code STATIC_WEB_DIR} (static-web), {@code BLOB_POLL_MILLIS} (1000),
 * {@code MAX_REQUEST_BYTES} (100 MB), {@code LOCAL_HOST_ID} (tabml-local).
 */
public final class LocalHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());

    private final HttpFrontDoor http;
    private final BlobTriggerPoller blobTriggers;
    private final TimerScheduler timers;

    private LocalHost(HttpFrontDoor http, BlobTriggerPoller blobTriggers, TimerScheduler timers) {
        this.http = http;
        this.blobTriggers = blobTriggers;
        this.timers = timers;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = settings(Path.of("functions", "local.settings.json"), System.getenv());
        LocalHost host;
        try {
            host = start(settings);
        } catch (BindException e) {
            System.err.println("port " + settings.getOrDefault("PORT", "7071") + " is already in use on 127.0.0.1: "
                    + "stop what holds it or set PORT to a free port");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(host::close));
        System.out.println("local functions host listening on http://127.0.0.1:" + host.port() + "/");
        Thread.currentThread().join();
    }

    /** Starts the host with these settings (the local settings file merged with the environment). */
    public static LocalHost start(Map<String, String> settings) throws IOException {
        AppConfig config = new AppConfig(settings);
        Services services = new Services(config);
        Services.install(services);
        List<FunctionDefinition> functions = FunctionScanner.scan(Services.class);
        FunctionInvoker invoker = new FunctionInvoker();
        var keys = new AccessKeys(config.setting("LOCAL_FUNCTION_KEY").orElse(null), config.setting("LOCAL_ADMIN_KEY").orElse(null));
        var staticFiles = new StaticFiles(Path.of(config.setting("STATIC_WEB_DIR").orElse("static-web")));
        var http = new HttpFrontDoor(functions, invoker, keys, staticFiles, config.longSetting("MAX_REQUEST_BYTES", 100L << 20),
                (int) config.longSetting("PORT", 7071));
        try {
            var blobTriggers = new BlobTriggerPoller(functions, invoker, services.blobs,
                    config.setting("LOCAL_HOST_ID").orElse("tabml-local"), UUID.randomUUID().toString(),
                    Duration.ofMillis(config.longSetting("BLOB_POLL_MILLIS", 1000)));
            var timers = new TimerScheduler(functions, invoker, name -> config.setting(name).orElse(null));
            http.describeRoutes().forEach(r -> LOG.info("route " + r));
            LOG.info("keys " + (keys.enforced() ? "enforced" : "not enforced (set LOCAL_FUNCTION_KEY / LOCAL_ADMIN_KEY to enforce)"));
            return new LocalHost(http, blobTriggers, timers);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** The local settings file's "Values", overridden by the given environment. */
    public static Map<String, String> settings(Path localSettings, Map<String, String> environment) throws IOException {
        Map<String, String> settings = new HashMap<>();
        if (Files.exists(localSettings)) {
            JsonNode values = Json.MAPPER.readTree(localSettings.toFile()).path("Values");
            values.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        }
        settings.putAll(environment);
        return settings;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        timers.close();
        blobTriggers.close();
        http.close();
    }
}
