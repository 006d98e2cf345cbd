package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.UnaryOperator;

/**
 * A model of the project's sample data trained for real (logistic regression on 1,500 rows) and
 * registered as version 1, with its training file and job kept as an upload leaves them, on the
 * shared Azurite; and predictions of it logged hour by hour into the real prediction table. The
 * monitoring tests' common ground.
 */
final class MonitoredModel {
    final BlobStore blobs = Azurite.shared().blobStore();
    final PredictionTable table = Azurite.shared().predictionTable();
    final ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
    final JobStore jobs = new JobStore(blobs);
    final MonitoringWindows windows = new MonitoringWindows(blobs);
    final String model;
    final ModelPipeline pipeline;
    private final Path dir;

    /** @param prefix the start of the model's name, which ends in a random part */
    MonitoredModel(String prefix, Path dir) throws Exception {
        this.dir = dir;
        model = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = SampleData.damageIncidence(1500, 1);
        blobs.write(DatasetLayout.CONTAINER, model + "/train.csv", csv);
        String jobId = "job-" + model;
        jobs.create(TrainingJob.submitted(jobId, model, new TrainingJob.DatasetRef(DatasetLayout.CONTAINER, model + "/train.csv", null,
                null, null, (long) csv.length, 1500L), TrainingConfig.DEFAULTS, Instant.now()));
        Path data = Files.write(dir.resolve(model + ".csv"), csv);
        Path config = Files.writeString(dir.resolve(model + ".json"), "{\"algorithms\": [\"logistic-regression\"]}");
        Path out = dir.resolve(model);
        TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(), "--out", out.toString()});
        new StagingArea(blobs).stageResult(jobId, new StagingArea.RunFolder(out));
        registry.register(model, jobId, new Lineage(null, null, null, 1500L, TrainingConfig.DEFAULTS, jobId, "local", null));
        pipeline = (ModelPipeline) registry.load(model, 1).orElseThrow().pipeline();
    }

    /** The monitoring job on this storage, its clock standing at {@code now}. */
    ModelMonitoring monitoring(Instant now) {
        var runner = new JobRunner(jobs, new LocalProcessBackend(blobs, dir, "-Xmx256m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        var uploads = new DatasetUploads(blobs, jobs, new DatasetIngestion(blobs, jobs, runner, registry, 10_000_000, Clock.systemUTC()),
                10_000_000, Clock.systemUTC());
        return new ModelMonitoring(registry, table, windows, uploads, retraining(), Clock.fixed(now, ZoneOffset.UTC));
    }

    FeedbackRetraining retraining() {
        return new FeedbackRetraining(registry, jobs, table, windows, blobs);
    }

    /**
     * Logs {@code rows} predictions of fresh sample rows (seed {@code seed}) in the hour starting at
     * {@code hour}, each input changed by {@code change}; the first {@code labelled} get their true
     * class as feedback.
     */
    void logHour(Instant hour, long seed, int rows, int labelled, UnaryOperator<Map<String, Object>> change) {
        Table sample = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(rows, seed)));
        var schema = pipeline.schema();
        RawData data = RawData.of(sample, schema);
        String[] target = sample.column(schema.target()).texts();
        var ids = new PredictionIds(Clock.fixed(hour.plusSeconds(60), ZoneOffset.UTC));
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Object[] raw = data.row(i);
            Map<String, Object> input = schema.named(raw);
            input = change.apply(input);
            Object[] read = schema.features().stream().map(f -> f.name()).map(input::get).toArray();
            double[] p = pipeline.probabilities(read);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < p.length; c++) probabilities.put(schema.classes().get(c), p[c]);
            String id = ids.next();
            records.add(new PredictionRecord(id, model, 1, PredictionIds.time(id), input, probabilities, schema.classes().get(pipeline.decide(p))));
        }
        assertEquals(rows, table.write(records).written());
        List<PredictionTable.Actual> actuals = new ArrayList<>();
        for (int i = 0; i < labelled; i++) actuals.add(new PredictionTable.Actual(table.find(model, records.get(i).predictionId()).orElseThrow(), target[i]));
        if (!actuals.isEmpty()) table.recordActuals(actuals, hour.plusSeconds(1800));
    }
}
