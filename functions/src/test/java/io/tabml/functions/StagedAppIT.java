package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks the function app as `mvn package` staged it for deployment. */
class StagedAppIT {
    private static final long MAX_BYTES = 40L * 1000 * 1000;
    private final Path app = Path.of(System.getProperty("staged.app"));

    @Test
    void staysWithinSizeAndCarriesNoForeignNativeCode() throws IOException {
        long bytes;
        List<String> jars;
        try (Stream<Path> files = Files.walk(app)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        try (Stream<Path> files = Files.list(app.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).toList();
        }
        System.out.printf("staged function app: %.1f MB in %d jars%n", bytes / 1e6, jars.size());
        assertTrue(bytes <= MAX_BYTES, "staged app is " + bytes + " bytes, over " + MAX_BYTES);
        for (String jar : jars) {
            assertTrue(!jar.contains("duckdb") && !jar.contains("windows") && !jar.contains("macosx"), "unexpected jar " + jar);
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("smile-core")), "Smile is in the app: " + jars);
    }

    @Test
    void declaresEveryFunctionWithItsTrigger() throws IOException {
        var blob = Json.MAPPER.readTree(app.resolve("ingestDataset/function.json").toFile()).get("bindings").get(0);
        assertEquals("blobTrigger", blob.get("type").asText());
        assertEquals("datasets/{model}/{file}.csv", blob.get("path").asText());
        assertEquals("EventGrid", blob.get("source").asText(), "Flex Consumption needs the Event Grid blob trigger");
        var timer = Json.MAPPER.readTree(app.resolve("pollJobs/function.json").toFile()).get("bindings").get(0);
        assertEquals("%JOBS_POLL_SCHEDULE%", timer.get("schedule").asText());
        var predict = Json.MAPPER.readTree(app.resolve("predict/function.json").toFile()).get("bindings").get(0);
        assertEquals("models/{model}/predict", predict.get("route").asText());
        assertEquals("FUNCTION", predict.get("authLevel").asText().toUpperCase());
    }
}
