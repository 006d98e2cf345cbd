package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.ROOT;
import static io.tabml.functions.DeploymentFiles.assertNoProblems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tabml.config.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Scans every file of the repository for committed keys, connection strings and secrets: in Azure
 * the app uses its managed identity and GitHub signs in with OpenID Connect, so none belongs here.
 * A second test proves the scan finds what it should and leaves harmless text alone.
 */
class SecretScanTest {
    private static final String AZURITE_KEY = AppConfig.AZURITE_KEY;

    /** What a committed secret looks like. Built from pieces so that this file does not match itself. */
    private static final Map<String, Pattern> SECRET_PATTERNS = secretPatterns();

    private static Map<String, Pattern> secretPatterns() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        patterns.put("storage account key in a connection string", Pattern.compile("Account" + "Key=([A-Za-z0-9+/]{20,}={0,2})"));
        patterns.put("storage account key", Pattern.compile("(?i)(?:account[_-]key|storage[_-]?key|\"accountkey\")[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9+/]{86}==)"));
        patterns.put("shared access signature", Pattern.compile("Shared" + "AccessSignature=([^;\"'\\s]{10,})"));
        patterns.put("SAS token signature", Pattern.compile("[?&]" + "sig=([A-Za-z0-9%+/=]{20,})"));
        patterns.put("private key", Pattern.compile("-----BEGIN [A-Z ]*" + "PRIVATE KEY-----"));
        patterns.put("Application Insights instrumentation key",
                Pattern.compile("Instrumentation" + "Key=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"));
        patterns.put("client secret", Pattern.compile("(?i)(?:client[_-]?secret)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9~._\\-]{16,})"));
        patterns.put("Microsoft Entra client secret", Pattern.compile("(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.\\-]{3}\\d" + "Q~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])"));
        patterns.put("GitHub token", Pattern.compile("\\b(gh[pousr]_" + "[A-Za-z0-9]{36})\\b"));
        return patterns;
    }

    /** Values that look like secrets but are published test values. */
    static final Map<String, String> ALLOWED_SECRET_VALUES = Map.of(
            AZURITE_KEY, "Azurite's well-known development account key, the same for every Azurite (AppConfig.AZURITE_KEY)");

    @Test
    void noKeyConnectionStringOrSecretIsCommitted() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : repositoryFiles()) {
            Path path = ROOT.resolve(name);
            if (!Files.isRegularFile(path) || Files.size(path) > 5_000_000) continue;
            byte[] bytes = Files.readAllBytes(path);
            if (isBinary(bytes)) continue;
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (var entry : SECRET_PATTERNS.entrySet()) {
                    Matcher m = entry.getValue().matcher(lines[i]);
                    while (m.find()) {
                        String value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
                        if (ALLOWED_SECRET_VALUES.containsKey(value)) continue;
                        problems.add(name + ":" + (i + 1) + ": looks like a " + entry.getKey()
                                + ". Remove it from the repository (and rotate it if it is real): in Azure the app uses its managed identity,"
                                + " and GitHub signs in with OpenID Connect (docs/deploy.md). If it is a published test value,"
                                + " add it to ALLOWED_SECRET_VALUES in SecretScanTest with the reason");
                    }
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theSecretScanFindsWhatItShould() {
        String fakeKey = "A".repeat(86) + "==";
        List<String> samples = List.of(
                "DefaultEndpointsProtocol=https;AccountName=x;Account" + "Key=" + fakeKey + ";",
                "https://x.blob.core.windows.net/c/b?sv=2022-11-02&" + "sig=abcdefghijklmnopqrstuvwxyz0123%2B%3D",
                "-----BEGIN RSA " + "PRIVATE KEY-----",
                "Instrumentation" + "Key=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://x",
                "AZURE_CLIENT_SECRET=abc8Q~" + "abcdefghijklmnopqrstuvwxyz0123456");
        for (String sample : samples) {
            assertTrue(SECRET_PATTERNS.values().stream().anyMatch(p -> p.matcher(sample).find()), "the secret scan misses: " + sample);
        }
        String azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;Account" + "Key=" + AZURITE_KEY + ";";
        Matcher m = SECRET_PATTERNS.get("storage account key in a connection string").matcher(azurite);
        assertTrue(m.find() && ALLOWED_SECRET_VALUES.containsKey(m.group(1)), "Azurite's published key must be allowed");
        for (String harmless : List.of("client-id: ${{ vars.AZURE_CLIENT_ID }}", "\"integrity\": \"sha512-" + fakeKey + "\"",
                "APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString")) {
            assertTrue(SECRET_PATTERNS.values().stream().noneMatch(p -> p.matcher(harmless).find()), "the secret scan flags harmless text: " + harmless);
        }
    }

    /** The repository's files: tracked, plus new ones not ignored (so a secret is caught before it is committed). */
    private static List<String> repositoryFiles() throws IOException {
        Process git = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = git.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                fail("git ls-files failed in " + ROOT + ": run the tests from a git checkout (the secret scan lists the repository's files with git)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> names = new ArrayList<>();
        for (String name : out.toString(StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty()) names.add(name);
        }
        assertFalse(names.isEmpty(), "git ls-files listed no files in " + ROOT);
        return names;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) return true;
        }
        return false;
    }
}
