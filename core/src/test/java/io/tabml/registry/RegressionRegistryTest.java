package io.tabml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.Task;
import io.tabml.storage.BlobStore;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.PairedEvidence;
import io.tabml.training.RegressionPipeline;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressors in the registry: registration, the gate against a champion regressor on the same rows, and a change of task. */
class RegressionRegistryTest {
    static final String RIDGE = "{\"algorithms\": [\"ridge\"], \"cvFolds\": 2, \"timeBudgetSeconds\": 30}";
    static BlobStore blobs;
    static ModelRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void storage() {
        blobs = Azurite.shared().blobStore();
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
    }

    /** Trains for real with the trainer's entry point and leaves the output in staging, as a backend would. */
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
        return new Lineage("http://127.0.0.1/datasets/x.csv", "etag", "sha", 1000L, TrainingConfig.DEFAULTS, jobId, "local", null);
    }

    private static String costs(int rows, long seed) {
        return new String(SampleData.repairCost(rows, seed));
    }

    private static String model() {
        return "regr-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRegressorIsRegisteredServedAndComparedWithTheChampionOnRowsItDidNotTrainOn() throws IOException {
        String model = model();
        String first = stageTrainingRun(costs(1000, 1), RIDGE);
        ModelMetadata v1 = registry.register(model, first, lineage(first));
        assertEquals(Task.REGRESSION, v1.report().kind());
        assertTrue(v1.gate().promote(), v1.gate().reason());
        assertEquals(v1, registry.register(model, first, lineage(first)), "registering the same job again is the same version");
        assertTrue(registry.load(model, 1).orElseThrow().pipeline() instanceof RegressionPipeline);

        // the champion's rows and as many new ones: a part of the new holdout was the champion's training rows
        String both = costs(1000, 1) + costs(1000, 2).substring(costs(1000, 2).indexOf('\n') + 1);
        String second = stageTrainingRun(both, RIDGE);
        ModelMetadata v2 = registry.register(model, second, lineage(second));
        PairedEvidence paired = v2.gate().championComparison();
        assertNotNull(paired, v2.gate().warnings().toString());
        assertEquals(PairedEvidence.Measure.SQUARED_ERROR, paired.measure());
        assertEquals(400, paired.rows() + paired.excludedRows(), "every holdout row is either compared or left out");
        assertTrue(paired.excludedRows() > 100 && paired.excludedRows() < 300,
                "about 80% of the half of the holdout from the first file was the champion's training rows: " + paired.excludedRows());
        boolean refused = paired.upperBound() < -0.01 * paired.champion();
        assertEquals(!refused, v2.gate().promote(), v2.gate().reason());

        registry.promote(model, 1, "roll back", registry.champion(model).orElseThrow().value().version());
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
        assertEquals("roll back", registry.championHistory(model).get(registry.championHistory(model).size() - 1).reason());
    }

    @Test
    void aRegressorNeverReplacesAClassifierChampionOnItsOwn() throws IOException {
        String model = model();
        String classifier = stageTrainingRun(new String(SampleData.damageIncidence(1500, 1)), "{\"algorithms\": [\"logistic-regression\"]}");
        assertTrue(registry.register(model, classifier, lineage(classifier)).gate().promote());
        String regressor = stageTrainingRun(costs(1000, 3), RIDGE);
        ModelMetadata v2 = registry.register(model, regressor, lineage(regressor));
        assertFalse(v2.gate().promote());
        assertTrue(v2.gate().reason().startsWith("not promoted (task test): the champion v1 is a classification model"), v2.gate().reason());
        assertEquals(1, registry.champion(model).orElseThrow().value().version());
    }
}
