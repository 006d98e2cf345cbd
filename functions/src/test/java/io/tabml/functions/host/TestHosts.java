package io.tabml.functions.host;

import io.tabml.testing.Azurite;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Settings for an in-process local host in tests: Azurite, a free port, fast triggers, keys enforced. */
final class TestHosts {
    private TestHosts() {}

    /** A mutable map: the local settings template, overridden for a test host; add a test's own settings to it. */
    static Map<String, String> settings(Azurite azurite, String stateDirPrefix, String functionKey, String adminKey) throws IOException {
        Map<String, String> settings = new HashMap<>(LocalHost.settings(
                Azurite.repoRoot().resolve("functions/local.settings.json"), Map.of()));
        settings.putAll(Map.of(
                "AzureWebJobsStorage", azurite.connectionString(),
                "PORT", Integer.toString(Azurite.freePort()),
                "LOCAL_STATE_DIR", Files.createTempDirectory(stateDirPrefix).toString(),
                "JOBS_POLL_SCHEDULE", "*/1 * * * * *",
                "BLOB_POLL_MILLIS", "200",
                "STATIC_WEB_DIR", Azurite.repoRoot().resolve("static-web").toString(),
                "LOCAL_FUNCTION_KEY", functionKey,
                "LOCAL_ADMIN_KEY", adminKey,
                "TRAINER_JAVA_OPTS", "-Xmx512m"));
        return settings;
    }
}
