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
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regressor through the monitoring job: its predictions written to the real prediction table with
 * the value as their answer, read back hour by hour against the version's drift reference and holdout
 * errors; steady traffic raises nothing, a shifted feature is flagged with the predicted value it
 * moved, and true values far from the predictions make the window degraded.
 */
class RegressionMonitoringTest {
    static final Instant START = Instant.parse("2026-11-03T00:00:00Z");

    @TempDir
    static Path dir;

    static BlobStore blobs;
    static PredictionTable table;
    static ModelRegistry registry;
    static JobStore jobs;
    static String model;
    static RegressionPipeline pipeline;

    @BeforeAll
    static void trainAndRegister() throws Exception {
        blobs = Azurite.shared().blobStore();
        table = Azurite.shared().predictionTable();
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        jobs = new JobStore(blobs);
        model = "regmon-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = SampleData.repairCost(1500, 4);
        String jobId = "job-" + model;
        Path out = dir.resolve(model);
        TrainerMain.run(new String[] {"--data", Files.write(dir.resolve("data.csv"), csv).toString(), "--config",
                Files.writeString(dir.resolve("config.json"), "{\"algorithms\": [\"ridge\"]}").toString(), "--out", out.toString()});
        new StagingArea(blobs).stageResult(jobId, new StagingArea.RunFolder(out));
        registry.register(model, jobId, new Lineage(null, null, null, 1500L, TrainingConfig.DEFAULTS, jobId, "local", null));
        pipeline = (RegressionPipeline) registry.load(model, 1).orElseThrow().pipeline();
    }

    /**
     * Logs {@code rows} predictions of fresh sample rows in the hour from {@code hour}, each input
     * changed by {@code change}; the first {@code labelled} get their true value plus {@code offset} as feedback.
     */
    private static List<PredictionRecord> logHour(Instant hour, long seed, int rows, int labelled, double offset,
                                                  UnaryOperator<Map<String, Object>> change) {
        Table sample = Table.read(new ByteArrayInputStream(SampleData.repairCost(rows, seed)));
        var schema = pipeline.schema();
        RawData data = RawData.of(sample, schema);
        String[] target = sample.column(schema.target()).texts();
        var ids = new PredictionIds(Clock.fixed(hour.plusSeconds(60), ZoneOffset.UTC));
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<String, Object> input = change.apply(schema.named(data.row(i)));
            Object[] read = schema.features().stream().map(f -> input.get(f.name())).toArray();
            String id = ids.next();
            records.add(new PredictionRecord(id, model, 1, PredictionIds.time(id), input, null, Double.toString(pipeline.predict(read))));
        }
        assertEquals(rows, table.write(records).written());
        List<PredictionTable.Actual> actuals = new ArrayList<>();
        for (int i = 0; i < labelled; i++) {
            actuals.add(new PredictionTable.Actual(table.find(model, records.get(i).predictionId()).orElseThrow(),
                    Double.toString(Double.parseDouble(target[i]) + offset)));
        }
        if (!actuals.isEmpty()) table.recordActuals(actuals, hour.plusSeconds(1800));
        return records;
    }

    private static ModelMonitoring monitoring(Instant now) {
        var runner = new JobRunner(jobs, new LocalProcessBackend(blobs, dir, "-Xmx256m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        var uploads = new DatasetUploads(blobs, jobs, new DatasetIngestion(blobs, jobs, runner, registry, 10_000_000, Clock.systemUTC()),
                10_000_000, Clock.systemUTC());
        var windows = new MonitoringWindows(blobs);
        return new ModelMonitoring(registry, table, windows, uploads, new FeedbackRetraining(registry, jobs, table, windows, blobs),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, Object> olderVehicles(Map<String, Object> input) {
        if (input.get("vehicle_age_years") instanceof Double years) input.put("vehicle_age_years", years + 15);
        return input;
    }

    @Test
    void steadyTrafficRaisesNothingAShiftedFeatureIsFlaggedWithThePredictionsAndWorseErrorsDegrade() {
        for (int h = 0; h < 24; h++) {
            var records = logHour(START.plus(Duration.ofHours(h)), 100 + h, 150, h == 3 ? 120 : 0, 0, UnaryOperator.identity());
            if (h > 0) continue;
            var read = table.find(model, records.get(0).predictionId()).orElseThrow().prediction();
            assertNull(read.probabilities(), "a regressor logs no class probabilities");
            assertEquals(records.get(0).label(), read.label(), "its answer, the value, is logged");
        }
        List<ModelWindow> day = monitoring(START.plus(Duration.ofHours(24)).plusSeconds(300)).run(change -> {}).stream()
                .filter(window -> window.model().equals(model)).toList();
        assertEquals(24, day.size());
        for (ModelWindow window : day) {
            assertEquals(WindowStatus.Status.ok, window.status().status(), window.from() + ": " + window.status().reasons());
            assertEquals(150, window.predictions());
            var summary = window.versions().get(0).summary();
            assertNull(summary.probabilities(), "a regressor has no probabilities");
            assertEquals("predicted value", summary.prediction().feature());
            assertTrue(summary.prediction().psi() < 0.25, summary.prediction().toString());
        }
        var live = day.get(3).versions().get(0).summary().liveRegression();
        assertEquals(120, live.labelled());
        assertEquals(live.holdout().rmse(), live.rmse(), 0.2 * live.holdout().rmse(), "live errors as on the holdout: " + live);
        assertTrue(live.rmseLowerBound() < live.rmse() && live.maeLowerBound() < live.mae(), live.toString());
        assertEquals(live.holdout().r2(), live.r2(), 0.15, live.toString());
        assertEquals(0.9, live.intervalCoverage(), 0.1, "the 90% interval holds about 90% of true values: " + live);
        assertTrue(day.get(3).status().reasons().stream().noneMatch(r -> r.contains("labelled predictions, fewer")),
                day.get(3).status().reasons().toString());

        // vehicles 15 years older: the feature drifts, and with it the predicted cost (35 euros a year)
        logHour(START.plus(Duration.ofHours(24)), 200, 150, 0, 0, RegressionMonitoringTest::olderVehicles);
        // steady inputs, but every true value 1,000 euros above what the model learnt: the world changed under it
        logHour(START.plus(Duration.ofHours(25)), 201, 150, 120, 1000, UnaryOperator.identity());
        List<ModelWindow> next = monitoring(START.plus(Duration.ofHours(26)).plusSeconds(300)).run(change -> {}).stream()
                .filter(window -> window.model().equals(model)).toList();
        ModelWindow shifted = next.get(next.size() - 2), worse = next.get(next.size() - 1);
        assertEquals(START.plus(Duration.ofHours(24)), shifted.from());
        assertEquals(WindowStatus.Status.drifting, shifted.status().status(), shifted.status().reasons().toString());
        List<String> reasons = shifted.status().reasons();
        assertTrue(reasons.get(0).startsWith("feature vehicle_age_years drifted"), reasons.toString());
        assertEquals(1, reasons.stream().filter(r -> r.startsWith("feature ")).count(), "only that feature: " + reasons);
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("the predicted value drifted")), reasons.toString());

        assertEquals(WindowStatus.Status.degraded, worse.status().status(), worse.status().reasons().toString());
        assertTrue(worse.status().reasons().get(0).startsWith("live RMSE "), worse.status().reasons().toString());
        assertTrue(worse.versions().get(0).summary().liveRegression().intervalCoverage() < 0.5, "1,000 euros off: mostly outside the interval");
        assertEquals(WindowStatus.Status.degraded, registry.monitoringStatus(model).orElseThrow().status());
    }
}
