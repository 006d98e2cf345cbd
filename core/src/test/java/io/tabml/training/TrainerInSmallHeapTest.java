package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.sample.SampleDataGenerator;
import io.tabml.storage.Json;
import io.tabml.testing.EndToEnd;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer holds a table without an object per cell, and fits the final model on the rows its
 * memory budget allows: a file whose cells as strings would take more than the whole heap trains,
 * end to end, in a child JVM with that heap.
 */
@EndToEnd
class TrainerInSmallHeapTest {
    private static final String HEAP = "-Xmx128m";
    private static final int ROWS = 300_000;
    private static final int FIT_MEMORY_MB = 24;

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapAsStringsTrainsAndTheFinalFitKeepsToItsMemoryBudget() throws Exception {
        Path csv = dir.resolve("claims.csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            SampleDataGenerator.write(out, ROWS, 31);
        }
        Path config = Files.writeString(dir.resolve("config.json"), "{\"algorithms\": [\"logistic-regression\"], \"timeBudgetSeconds\": 60}");
        List<String> lines = Files.readAllLines(csv);
        long cells = (long) ROWS * lines.get(0).split(",").length;
        // a String per cell takes at least 40 bytes (its object and its byte array): more than the heap
        assertTrue(cells * 40 > 128L << 20, cells + " cells");

        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"), TrainerMain.class.getName(), "--data", csv.toString(),
                "--config", config.toString(), "--fit-memory-mb", Integer.toString(FIT_MEMORY_MB), "--out", dir.resolve("run").toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child ended");
        assertEquals(TrainerMain.EXIT_OK, child.exitValue(), output);

        JsonNode report = Json.read(Files.readAllBytes(dir.resolve("run").resolve(StagingArea.REPORT_FILE)), JsonNode.class);
        assertEquals(ROWS, report.get("rows").asInt());
        int trainRows = report.get("trainRows").asInt();
        JsonNode fit = report.get("finalFit");
        assertEquals("memory", fit.get("limit").asText(), fit.toString());
        assertEquals(FIT_MEMORY_MB, fit.get("memoryBudgetMb").asInt());
        assertEquals(trainRows, fit.get("trainingRows").asInt());
        assertEquals((FIT_MEMORY_MB << 20) / fit.get("bytesPerRow").asLong(), fit.get("rows").asLong(), "as many rows as the budget holds");
        assertTrue(fit.get("rows").asInt() < trainRows, fit.toString());
        assertTrue(report.get("selection").get("notes").toString().contains("memory budget"), report.get("selection").toString());
        assertTrue(report.get("metrics").get("rocAuc").asDouble() > 0.6, "a model that learned: " + report.get("metrics"));
    }
}
