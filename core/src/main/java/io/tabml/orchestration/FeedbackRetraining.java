package io.tabml.orchestration;

import io.tabml.data.CsvSource;
import io.tabml.data.Missing;
import io.tabml.ingest.DatasetLayout;
import io.tabml.ingest.FeatureSchema;
import io.tabml.jobs.JobStore;
import io.tabml.monitoring.ModelWindow;
import io.tabml.monitoring.MonitoringWindows;
import io.tabml.monitoring.MonitoringWindows.FeedbackDataset;
import io.tabml.monitoring.PredictionTable;
import io.tabml.registry.ModelMetadata;
import io.tabml.registry.ModelRegistry;
import io.tabml.storage.BlobStore;
import io.tabml.training.LiveWindow;
import io.tabml.training.MonitoringSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Retraining from feedback ({@code retrainOnFeedback} in a model's monitoring settings): once the
 * model's stored windows count at least {@code retrainMinLabelled} labelled predictions made since the
 * last dataset made from feedback, those predictions (their inputs as the model read them, the true
 * class as the target) become a new dataset, {@code datasets/<model>/feedback-<time>.csv}, alone or
 * after the champion's own training file ({@code retrainWith}). It is stored tagged with its origin, and
 * from there it is an upload like any other: the blob trigger validates it, a job trains it, the gate
 * judges the new version, and its lineage says it came from feedback.
 */
public final class FeedbackRetraining {
    private final ModelRegistry registry;
    private final JobStore jobs;
    private final PredictionTable predictions;
    private final MonitoringWindows windows;
    private final BlobStore blobs;

    public FeedbackRetraining(ModelRegistry registry, JobStore jobs, PredictionTable predictions, MonitoringWindows windows, BlobStore blobs) {
        this.registry = registry;
        this.jobs = jobs;
        this.predictions = predictions;
        this.windows = windows;
        this.blobs = blobs;
    }

    /**
     * Makes the next dataset from the model's feedback when its settings ask for it and enough has
     * come since the last one; returns what it made.
     *
     * @param now predictions made before this count (the windows judged up to it)
     */
    public Optional<FeedbackDataset> consider(String model, MonitoringSettings settings, Instant now) {
        if (!settings.retrainOnFeedback()) return Optional.empty();
        Optional<ModelMetadata> champion = registry.champion(model).flatMap(c -> registry.metadata(model, c.value().version()));
        if (champion.isEmpty()) return Optional.empty();
        Instant since = windows.lastFeedbackDataset(model).map(FeedbackDataset::through).orElse(Instant.EPOCH);
        List<ModelWindow> judged = windows.between(model, since, now);
        long counted = judged.stream().flatMap(w -> w.versions().stream())
                .map(ModelWindow.VersionWindow::summary).filter(s -> s != null).mapToLong(LiveWindow.Summary::labelledRows).sum();
        if (counted < settings.retrainMinLabelled()) return Optional.empty();
        Instant from = judged.stream().map(ModelWindow::from).min(Instant::compareTo).orElse(since);
        return Optional.of(write(model, champion.get(), settings, from, now));
    }

    private FeedbackDataset write(String model, ModelMetadata champion, MonitoringSettings settings, Instant from, Instant to) {
        List<String> header = new ArrayList<>();
        byte[] training = null;
        if (MonitoringSettings.WITH_TRAINING.equals(settings.retrainWith())) {
            training = trainingFile(champion).orElse(null);
        }
        if (training != null) {
            try (CsvSource csv = CsvSource.open(new ByteArrayInputStream(training))) {
                header.addAll(csv.header());
            }
        } else {
            champion.schema().features().stream().map(FeatureSchema::name).forEach(header::add);
            header.add(champion.schema().target());
        }
        var out = new ByteArrayOutputStream();
        int[] labelled = {0}, rows = {0};
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            printer.printRecord(header);
            if (training != null) {
                try (CsvSource csv = CsvSource.open(new ByteArrayInputStream(training))) {
                    csv.forEachRow(row -> print(printer, row.record().toList(), rows));
                }
            }
            String target = champion.schema().target();
            predictions.forEachInWindow(model, from, to, logged -> {
                if (logged.actual() == null || logged.prediction().input() == null) return;
                Map<String, Object> input = logged.prediction().input();
                List<String> cells = header.stream().map(column -> column.equals(target) ? logged.actual() : cell(input.get(column))).toList();
                print(printer, cells, rows);
                labelled[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = DatasetLayout.feedbackDatasetPath(model, to);
        blobs.createIfAbsent(DatasetLayout.CONTAINER, path, out.toByteArray(), Map.of(DatasetLayout.ORIGIN_METADATA, DatasetLayout.FEEDBACK_ORIGIN));
        var made = new FeedbackDataset(DatasetLayout.CONTAINER + "/" + path, to, labelled[0], rows[0], to);
        windows.recordFeedbackDataset(model, made);
        return made;
    }

    /** The champion's own training file, found through the job that trained it; empty when it is gone. */
    private Optional<byte[]> trainingFile(ModelMetadata champion) {
        return Optional.ofNullable(champion.lineage()).map(lineage -> lineage.jobId()).flatMap(jobs::get)
                .flatMap(job -> blobs.read(job.dataset().container(), job.dataset().path())).map(BlobStore.Versioned::value);
    }

    private static void print(CSVPrinter printer, List<String> cells, int[] rows) {
        try {
            printer.printRecord(cells);
            rows[0]++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A logged input value as a CSV cell: a whole number without ".0", a missing one empty. */
    private static String cell(Object value) {
        if (value == null) return "";
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        String text = value.toString();
        return Missing.isMissing(text) ? "" : text;
    }
}
