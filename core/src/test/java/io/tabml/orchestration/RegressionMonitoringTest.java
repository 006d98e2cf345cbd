package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.monitoring.ModelWindow;
import io.tabml.monitoring.MonitoringWindows;
import io.tabml.monitoring.PredictionIds;
import io.tabml.monitoring.PredictionRecord;
import io.tabml.monitoring.PredictionTable;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.RawData;
import io.tabml.training.RegressionPipeline;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import io.tabml.training.WindowStatus;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regressor's logged predictions through the monitoring job: written to the real prediction table
 * with the value as their answer, read back, counted in their window, and left unjudged (a
 * regressor's drift and live metrics are a later step), without failing the run.
 */
class RegressionMonitoringTest {
    static final Instant HOUR = Instant.parse("2026-11-03T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRegressorsPredictionsAreCountedNotJudged() throws Exception {
        BlobStore blobs = Azurite.shared().blobStore();
        PredictionTable table = Azurite.shared().predictionTable();
        var registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        var jobs = new JobStore(blobs);
        String model = "regmon-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = SampleData.repairCost(600, 4);
        String jobId = "job-" + model;
        Path out = dir.resolve(model);
        TrainerMain.run(new String[] {"--data", Files.write(dir.resolve("data.csv"), csv).toString(), "--config",
                Files.writeString(dir.resolve("config.json"), "{\"algorithms\": [\"ridge\"]}").toString(), "--out", out.toString()});
        new StagingArea(blobs).stageResult(jobId, new StagingArea.RunFolder(out));
        registry.register(model, jobId, new Lineage(null, null, null, 600L, TrainingConfig.DEFAULTS, jobId, "local", null));
        var pipeline = (RegressionPipeline) registry.load(model, 1).orElseThrow().pipeline();

        Table sample = Table.read(new ByteArrayInputStream(SampleData.repairCost(40, 9)));
        RawData data = RawData.of(sample, pipeline.schema());
        var ids = new PredictionIds(Clock.fixed(HOUR.plusSeconds(60), ZoneOffset.UTC));
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = ids.next();
            records.add(new PredictionRecord(id, model, 1, PredictionIds.time(id), pipeline.schema().named(data.row(i)), null,
                    Double.toString(pipeline.predict(data.row(i)))));
        }
        assertEquals(40, table.write(records).written());
        var read = table.find(model, records.get(0).predictionId()).orElseThrow().prediction();
        assertNull(read.probabilities(), "a regressor logs no class probabilities");
        assertEquals(records.get(0).label(), read.label(), "its answer, the value, is logged");

        var runner = new JobRunner(jobs, new LocalProcessBackend(blobs, dir, "-Xmx256m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        var uploads = new DatasetUploads(blobs, jobs, new DatasetIngestion(blobs, jobs, runner, registry, 10_000_000, Clock.systemUTC()),
                10_000_000, Clock.systemUTC());
        var windows = new MonitoringWindows(blobs);
        var monitoring = new ModelMonitoring(registry, table, windows, uploads, new FeedbackRetraining(registry, jobs, table, windows, blobs),
                Clock.fixed(HOUR.plus(Duration.ofMinutes(65)), ZoneOffset.UTC));
        ModelWindow window = monitoring.judge(model, HOUR, HOUR.plus(Duration.ofHours(1)), change -> {});
        assertEquals(40, window.predictions());
        ModelWindow.VersionWindow version = window.versions().get(0);
        assertNull(version.status());
        assertTrue(version.note().contains("regressor, whose drift and live metrics are not monitored yet"), version.note());
        assertEquals(WindowStatus.Status.ok, window.status().status(), "nothing judged, nothing raised: " + window.status().reasons());
    }
}
