package io.tabml.localhost;

import io.tabml.config.AppConfig;
import io.tabml.data.Table;
import io.tabml.functions.Services;
import io.tabml.monitoring.MonitoringWindows;
import io.tabml.monitoring.PredictionLog;
import io.tabml.monitoring.PredictionTable;
import io.tabml.orchestration.FeedbackRetraining;
import io.tabml.orchestration.ModelMonitoring;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.sample.SampleDataGenerator;
import io.tabml.storage.BlobStore;
import io.tabml.training.RawData;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitoring job on many logged predictions (bench/monitoring.sh): logs {@code rows} predictions
 * of a registered model's champion, spread over {@code hours} hourly windows, into the prediction
 * table the settings name, then times the monitoring job judging those windows and reports the
 * heap it used. Not part of the app: a benchmark harness beside the local host.
 *
 * <p>Usage: {@code MonitoringBenchmark <model> <rows> <hours>} with the local stack's settings.
 */
public final class MonitoringBenchmark {
    private MonitoringBenchmark() {}

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int rows = Integer.parseInt(args[1]), hours = Integer.parseInt(args[2]);
        AppConfig config = AppConfig.fromEnvironment();
        BlobStore blobs = BlobStore.from(config);
        PredictionTable table = PredictionTable.from(config);
        var registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        int version = registry.champion(model).orElseThrow().value().version();
        var pipeline = (io.tabml.training.ModelPipeline) registry.load(model, version).orElseThrow().pipeline(); // the benchmark logs a classifier's probabilities
        var schema = pipeline.schema();
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(hours + 1L));

        // distinct sample rows, scored once, logged round-robin: the logging cost is the table's, not the model's
        StringWriter csv = new StringWriter();
        SampleDataGenerator.write(csv, 20_000, 99);
        Table sample = Table.read(new java.io.ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        RawData data = RawData.of(sample, schema);
        List<Object[]> inputs = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < sample.rowCount(); i++) {
            Object[] raw = data.row(i);
            double[] p = pipeline.probabilities(raw);
            inputs.add(raw);
            probabilities.add(p);
            labels.add(schema.classes().get(pipeline.decide(p)));
        }
        long written = 0, began = System.nanoTime();
        int perHour = rows / hours;
        for (int h = 0; h < hours; h++) {
            // the log as /predict uses it, with its clock in the hour: its pages and flushes are what is measured
            var clock = Clock.fixed(start.plus(Duration.ofHours(h)).plusSeconds(30), ZoneOffset.UTC);
            try (var log = new PredictionLog(table, clock, 1.0, 5_000, Duration.ofHours(1))) {
                for (int i = 0; i < perHour; i += 5_000) {
                    var answer = log.answer();
                    for (int j = i; j < Math.min(perHour, i + 5_000); j++) {
                        int k = (int) ((written + j) % inputs.size());
                        answer.log(model, version, schema, inputs.get(k), probabilities.get(k), labels.get(k));
                    }
                    answer.commit();
                    log.flush();
                }
                if (log.stats().failed() > 0 || log.stats().dropped() > 0) throw new IllegalStateException("logging failed: " + log.stats());
            }
            written += perHour;
        }
        double writeSeconds = (System.nanoTime() - began) / 1e9;

        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long[] peak = {heapBefore};
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        var windows = new MonitoringWindows(blobs);
        Services services = Services.from(config);
        var monitoring = new ModelMonitoring(registry, table, windows, services.uploads(),
                new FeedbackRetraining(registry, services.jobs(), table, windows, blobs), Clock.systemUTC());
        began = System.nanoTime();
        long judged = 0;
        for (int h = 0; h < hours; h++) {
            Instant from = start.plus(Duration.ofHours(h));
            judged += monitoring.judge(model, from, from.plus(Duration.ofHours(1)), change -> {}).predictions();
        }
        double judgeSeconds = (System.nanoTime() - began) / 1e9;
        sampler.interrupt();
        services.close();
        System.out.printf(java.util.Locale.ROOT, "logged %,d predictions over %d hours in %.1f s (%,.0f a second)%n", written, hours, writeSeconds,
                written / writeSeconds);
        System.out.printf(java.util.Locale.ROOT, "monitoring job: %,d predictions judged in %.1f s (%,.0f a second); heap in use: %.0f MiB before, %.0f MiB at most%n",
                judged, judgeSeconds, judged / judgeSeconds, heapBefore / 1048576.0, peak[0] / 1048576.0);
    }
}
