package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.ingest.DatasetLayout;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingJob;
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
import io.tabml.training.ModelPipeline;
import io.tabml.training.MonitoringSettings;
import io.tabml.training.RawData;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback made into a new dataset once enough has come, on Azurite with a real model and the real prediction table. */
class FeedbackRetrainingTest {
    static final Instant START = Instant.parse("2026-11-10T00:00:00Z");
    static final MonitoringSettings RETRAIN = new MonitoringSettings(null, null, null, null, true, 100, null);

    @TempDir
    static Path dir;

    static BlobStore blobs;
    static ModelRegistry registry;
    static JobStore jobs;
    static PredictionTable table;
    static MonitoringWindows windows;
    static ModelPipeline pipeline;
    static String model;

    @BeforeAll
    static void trainAndRegister() throws Exception {
        blobs = Azurite.shared().blobStore();
        table = Azurite.shared().predictionTable();
        registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        jobs = new JobStore(blobs);
        windows = new MonitoringWindows(blobs);
        model = "retrain-" + UUID.randomUUID().toString().substring(0, 8);
        // the champion's training file, and the job that trained it, as an upload leaves them
        byte[] csv = SampleData.damageIncidence(1500, 1);
        blobs.write(DatasetLayout.CONTAINER, model + "/train.csv", csv);
        String jobId = "job-" + model;
        jobs.create(TrainingJob.submitted(jobId, model, new TrainingJob.DatasetRef(DatasetLayout.CONTAINER, model + "/train.csv", null,
                null, null, (long) csv.length, 1500L), TrainingConfig.DEFAULTS, Instant.now()));
        Path data = Files.write(dir.resolve("data.csv"), csv);
        Path config = Files.writeString(dir.resolve("config.json"), "{\"algorithms\": [\"logistic-regression\"]}");
        TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(), "--out", dir.resolve("out").toString()});
        new StagingArea(blobs).stageResult(jobId, new StagingArea.RunFolder(dir.resolve("out")));
        registry.register(model, jobId, new Lineage(null, null, null, 1500L, TrainingConfig.DEFAULTS, jobId, "local", null));
        pipeline = registry.load(model, 1).orElseThrow().pipeline();
    }

    private static FeedbackRetraining retraining() {
        return new FeedbackRetraining(registry, jobs, table, windows, blobs);
    }

    /** An hour of predictions, {@code labelled} of them with their true class, judged as the monitoring job judges it. */
    private static void labelledHour(Instant hour, long seed, int rows, int labelled) {
        Table sample = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(rows, seed)));
        var schema = pipeline.schema();
        RawData data = RawData.of(sample, schema);
        String[] target = sample.column(schema.target());
        var ids = new PredictionIds(Clock.fixed(hour.plusSeconds(60), ZoneOffset.UTC));
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Object[] raw = data.row(i);
            Map<String, Object> input = new LinkedHashMap<>();
            for (int j = 0; j < raw.length; j++) input.put(schema.features().get(j).name(), raw[j]);
            double[] p = pipeline.probabilities(raw);
            String id = ids.next();
            records.add(new PredictionRecord(id, model, 1, PredictionIds.time(id), input,
                    Map.of(schema.classes().get(0), p[0], schema.classes().get(1), p[1]), schema.classes().get(pipeline.decide(p))));
        }
        table.write(records);
        List<PredictionTable.Actual> actuals = new ArrayList<>();
        for (int i = 0; i < labelled; i++) actuals.add(new PredictionTable.Actual(table.find(model, records.get(i).predictionId()).orElseThrow(), target[i]));
        table.recordActuals(actuals, hour.plusSeconds(1800));
        JobStore noJobs = new JobStore(blobs);
        var runner = new JobRunner(noJobs, new LocalProcessBackend(blobs, dir, "-Xmx256m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        var uploads = new DatasetUploads(blobs, noJobs, new DatasetIngestion(blobs, noJobs, runner, registry, 10_000_000, Clock.systemUTC()),
                10_000_000, Clock.systemUTC());
        new ModelMonitoring(registry, table, windows, uploads, retraining(), Clock.systemUTC()).judge(model, hour, hour.plus(Duration.ofHours(1)), c -> {});
    }

    @Test
    void enoughFeedbackBecomesADatasetAfterTheChampionsTrainingRowsTaggedAsFeedbackAndCountsFromThere() throws Exception {
        Instant now = START.plus(Duration.ofHours(2));
        labelledHour(START, 7, 120, 60);
        assertTrue(retraining().consider(model, RETRAIN, now).isEmpty(), "60 labelled, fewer than the 100 asked for");
        assertTrue(retraining().consider(model, MonitoringSettings.DEFAULTS, now).isEmpty(), "not asked for");

        labelledHour(START.plus(Duration.ofHours(1)), 8, 120, 60);
        var made = retraining().consider(model, RETRAIN, now).orElseThrow();
        assertEquals(120, made.labelled());
        assertEquals(1500 + 120, made.rows(), "the champion's training rows, then the labelled predictions");
        String path = made.dataset().substring(DatasetLayout.CONTAINER.length() + 1);
        assertEquals(DatasetLayout.feedbackDatasetPath(model, now), path);
        var stored = blobs.properties(DatasetLayout.CONTAINER, path).orElseThrow();
        assertEquals(DatasetLayout.FEEDBACK_ORIGIN, stored.metadata().get(DatasetLayout.ORIGIN_METADATA));
        List<String> lines = List.of(new String(blobs.read(DatasetLayout.CONTAINER, path).orElseThrow().value()).split("\r?\n"));
        assertEquals(new String(SampleData.damageIncidence(1, 1)).split("\n")[0], lines.get(0), "the training file's header");
        assertEquals(1 + 1500 + 120, lines.size());
        String lastRow = lines.get(lines.size() - 1);
        assertTrue(lastRow.endsWith(",yes") || lastRow.endsWith(",no"), "the true class in the target column: " + lastRow);

        assertTrue(retraining().consider(model, RETRAIN, now).isEmpty(), "counting starts again after what it made");

        // the labelled predictions alone, in the model's columns
        labelledHour(START.plus(Duration.ofHours(2)), 9, 150, 110);
        var alone = retraining().consider(model, new MonitoringSettings(null, null, null, null, true, 100, MonitoringSettings.FEEDBACK_ONLY),
                START.plus(Duration.ofHours(3))).orElseThrow();
        assertEquals(110, alone.rows());
        String header = new String(blobs.read(DatasetLayout.CONTAINER, alone.dataset().substring(DatasetLayout.CONTAINER.length() + 1))
                .orElseThrow().value()).split("\r?\n")[0];
        assertTrue(header.endsWith(",target") && header.startsWith(pipeline.schema().features().get(0).name() + ","), header);
    }
}
