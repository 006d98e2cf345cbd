package io.tabml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tabml.storage.BlobStore;
import io.tabml.storage.ConcurrentUpdateException;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.ModelArtifact;
import io.tabml.training.PairedEvidence;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    static BlobStore blobs;
    static ModelRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void storage() {
        blobs = Azurite.shared().blobStore();
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
    }

    /** Trains for real and leaves the output in staging, as a backend would. */
    private String stageTrainingRun(String csv) throws IOException {
        return stageTrainingRun(csv, "{}");
    }

    private String stageTrainingRun(String csv, String config) throws IOException {
        String jobId = "job-" + UUID.randomUUID();
        Path data = Files.write(dir.resolve(jobId + ".csv"), csv.getBytes());
        Path configFile = Files.writeString(dir.resolve(jobId + ".json"), config);
        Path out = dir.resolve(jobId);
        assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", configFile.toString(),
                "--out", out.toString()}));
        new StagingArea(blobs).stageResult(jobId, new StagingArea.RunFolder(out));
        return jobId;
    }

    private static Lineage lineage(String jobId) {
        return new Lineage("http://127.0.0.1/datasets/x.csv", "etag", "sha", 600L, TrainingConfig.DEFAULTS, jobId, "local", null);
    }

    private static String sample(long seed) {
        return new String(SampleData.damageIncidence(600, seed));
    }

    private static String model() {
        return "reg-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registersNumberedVersionsWithLineageAndPromotesTheFirst() throws IOException {
        String model = model();
        // 1,500 rows: a holdout of 300 with about 20 positives, enough to show the model beats the class shares
        // (600 rows leave about 8, too few for the gate's bounds to clear on this sample's weak signal)
        String job1 = stageTrainingRun(new String(SampleData.damageIncidence(1500, 1)));
        ModelMetadata v1 = registry.register(model, job1, lineage(job1));
        assertEquals(1, v1.version());
        assertEquals(job1, v1.lineage().jobId());
        assertTrue(v1.report().trainerVersion().matches("0\\.1\\.0-SNAPSHOT\\+[0-9a-f]{7,}(\\.dirty)?"),
                "version and git commit: " + v1.report().trainerVersion());
        assertTrue(v1.report().endedAt() != null);
        // the document embeds the report's fields at its top level, as readers of metadata.json expect
        var stored = Json.MAPPER.readTree(blobs.read(ModelRegistry.CONTAINER, model + "/versions/1/metadata.json").orElseThrow().value());
        for (String field : List.of("algorithm", "metrics", "selection", "featureImportance", "schema", "trainerVersion", "lineage")) {
            assertTrue(stored.has(field), "metadata.json has " + field + ": " + stored);
        }
        assertFalse(stored.has("report"), "no nested report: " + stored);
        assertEquals(1, registry.champion(model).orElseThrow().value().version());

        String job2 = stageTrainingRun(sample(2));
        assertEquals(2, registry.register(model, job2, lineage(job2)).version());
        assertEquals(List.of(1, 2), registry.versions(model));
        var loaded = registry.load(model, 2).orElseThrow();
        assertEquals(loaded.metadata().artifactSha256(), io.tabml.storage.Sha256.of(ModelArtifact.serialize(loaded.pipeline())));
    }

    @Test
    void comparesALaterVersionWithTheChampionOnlyOnRowsTheChampionDidNotTrainOn() throws IOException {
        String model = model();
        String first = new String(SampleData.damageIncidence(1500, 1));
        String quick = "{\"algorithms\": [\"logistic-regression\"]}"; // the comparison is what is tested, not the search
        String job1 = stageTrainingRun(first, quick);
        assertTrue(registry.register(model, job1, lineage(job1)).gate().promote());

        // version 2 learns from version 1's rows and as many new ones: its holdout mixes both
        String second = new String(SampleData.damageIncidence(1500, 2));
        String job2 = stageTrainingRun(first + second.substring(second.indexOf('\n') + 1), quick);
        GateDecision decision = registry.register(model, job2, lineage(job2)).gate();
        PairedEvidence comparison = decision.championComparison();
        assertTrue(comparison != null, "compared on the same rows: " + decision);
        var evaluated = new StagingArea(blobs).evaluatedRows(job2).orElseThrow();
        assertEquals(evaluated.rowCount(), comparison.rows() + comparison.excludedRows());
        // only rows of the first file can have been version 1's training rows, and a fifth of them were its holdout
        Set<String> firstRows = new HashSet<>(List.of(first.split("\n")));
        var table = evaluated.table();
        long fromFirst = IntStream.range(0, evaluated.rowCount())
                .filter(i -> firstRows.contains(String.join(",", table.names().stream().map(n -> table.column(n).text(i)).toList()))).count();
        assertTrue(comparison.excludedRows() > 0.6 * fromFirst && comparison.excludedRows() < fromFirst,
                comparison.excludedRows() + " left out of " + fromFirst + " rows from the first file");
        assertTrue(decision.reason().contains("left out: the champion trained on them"), decision.reason());

        // a champion registered before versions kept their training rows: compared by estimates, and said so
        int champion = registry.champion(model).orElseThrow().value().version();
        blobs.delete(ModelRegistry.CONTAINER, model + "/versions/" + champion + "/" + StagingArea.TRAINING_ROWS_FILE);
        String job3 = stageTrainingRun(second, quick);
        GateDecision unpaired = registry.register(model, job3, lineage(job3)).gate();
        assertNull(unpaired.championComparison());
        assertTrue(unpaired.warnings().stream().anyMatch(w -> w.startsWith("not compared with the champion on the same rows: the champion (v"
                + champion + ") was registered without a record of its training rows")), unpaired.warnings().toString());
    }

    @Test
    void storesTheGatesDecisionAndEvidenceWithTheVersionAndReadsMetadataWrittenBeforeThem() throws IOException {
        String model = model();
        String job = stageTrainingRun(sample(8));
        ModelMetadata registered = registry.register(model, job, lineage(job));
        String path = model + "/versions/1/metadata.json";
        var stored = (ObjectNode) Json.MAPPER.readTree(blobs.read(ModelRegistry.CONTAINER, path).orElseThrow().value());
        assertEquals(registered.metrics().holdoutRows(), stored.at("/metrics/baseline/logLossGain/rows").asInt(), stored.toString());
        assertTrue(stored.at("/metrics/baseline/rocAuc/lowerBound").isNumber(), stored.toString());
        assertEquals(registered.gate().reason(), stored.at("/gate/reason").asText());
        assertTrue(stored.at("/gate/warnings").isArray(), stored.toString());

        // the same document as registrations wrote it before the gate had evidence and warnings
        ((ObjectNode) stored.get("metrics")).remove("baseline");
        ((ObjectNode) stored.get("gate")).remove("warnings");
        blobs.write(ModelRegistry.CONTAINER, path, Json.write(stored));
        ModelMetadata old = registry.metadata(model, 1).orElseThrow();
        assertNull(old.metrics().baseline());
        assertEquals(List.of(), old.gate().warnings());
        assertEquals(registered.gate().reason(), old.gate().reason());
    }

    @Test
    void registeringTheSameJobTwiceMakesOneVersion() throws IOException {
        String model = model();
        String job = stageTrainingRun(sample(3));
        ModelMetadata first = registry.register(model, job, lineage(job));
        ModelMetadata second = registry.register(model, job, lineage(job));
        assertEquals(first.version(), second.version());
        assertEquals(List.of(1), registry.versions(model));
    }

    @Test
    void aVersionWithoutMetadataIsInvisibleAndARetryCompletesIt() throws IOException {
        String model = model();
        String job = stageTrainingRun(sample(4));
        byte[] artifact = blobs.read(StagingArea.CONTAINER, job + "/model.bin").orElseThrow().value();
        // a crash right after the version was claimed: model.bin exists, metadata.json does not
        blobs.createIfAbsent(ModelRegistry.CONTAINER, model + "/versions/1/model.bin", artifact, Map.of("jobid", job));
        assertEquals(List.of(), registry.versions(model));
        assertTrue(registry.load(model, 1).isEmpty());
        assertTrue(registry.champion(model).isEmpty());

        assertEquals(1, registry.register(model, job, lineage(job)).version(), "the retry reuses its own claim");
        assertEquals(List.of(1), registry.versions(model));
    }

    @Test
    void anotherJobsClaimIsSkippedNotShared() throws IOException {
        String model = model();
        blobs.createIfAbsent(ModelRegistry.CONTAINER, model + "/versions/1/model.bin", new byte[] {1}, Map.of("jobid", "someone-else"));
        String job = stageTrainingRun(sample(5));
        assertEquals(2, registry.register(model, job, lineage(job)).version());
    }

    @Test
    void refusesToLoadAnArtifactThatNoLongerMatchesItsSha256() throws IOException {
        String model = model();
        String job = stageTrainingRun(sample(6));
        registry.register(model, job, lineage(job));
        blobs.write(ModelRegistry.CONTAINER, model + "/versions/1/model.bin", new byte[] {1, 2, 3});
        var e = assertThrows(ModelArtifact.CorruptArtifactException.class, () -> registry.load(model, 1));
        assertTrue(e.getMessage().contains("sha256"));
    }

    @Test
    void promotionNeedsAnExistingVersionAndTheExpectedCurrentChampion() throws IOException {
        String model = model();
        String job = stageTrainingRun(sample(7));
        registry.register(model, job, lineage(job));
        assertThrows(IllegalArgumentException.class, () -> registry.promote(model, 9, "no such version", 1));
        assertThrows(ConcurrentUpdateException.class, () -> registry.promote(model, 1, "stale view", null));
        assertEquals(1, registry.promote(model, 1, "re-promote", 1).version());
        assertFalse(registry.champion(model).isEmpty());
    }
}
