package io.tabml.monitoring;

import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The monitoring job's results, one blob per model and window:
 * {@code monitoring/<model>/windows/<start, yyyyMMdd'T'HHmmss'Z'>.json}. Names sort in time order, so
 * a range is read from the listing alone. A window computed again (feedback arrived since) replaces
 * the earlier result. Beside them, {@code monitoring/<model>/feedback-dataset.json} records the last
 * dataset made from the model's feedback, so the next one counts from there.
 */
public final class MonitoringWindows {
    public static final String CONTAINER = "monitoring";
    private static final String FEEDBACK_DATASET = "feedback-dataset.json";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BlobStore blobs;

    public MonitoringWindows(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void save(ModelWindow window) {
        blobs.write(CONTAINER, path(window.model(), window.from()), Json.write(window));
    }

    /** The model's windows that start in {@code [from, to)}, oldest first. */
    public List<ModelWindow> between(String model, Instant from, Instant to) {
        String first = NAME.format(from), end = NAME.format(to);
        return blobs.list(CONTAINER, folder(model)).stream()
                .filter(blob -> {
                    String name = name(blob.path());
                    return name.compareTo(first) >= 0 && name.compareTo(end) < 0;
                })
                .sorted(Comparator.comparing(BlobStore.StoredBlob::path))
                .map(blob -> blobs.readJson(CONTAINER, blob.path(), ModelWindow.class))
                .flatMap(Optional::stream).map(BlobStore.Versioned::value).toList();
    }

    /** When the model's latest stored window starts, if it has one. */
    public Optional<Instant> latestStart(String model) {
        return blobs.list(CONTAINER, folder(model)).stream().map(blob -> name(blob.path())).max(Comparator.naturalOrder())
                .map(name -> NAME.parse(name, Instant::from));
    }

    /**
     * The last dataset made from a model's feedback.
     *
     * @param through  predictions made before this were in it (or, with none, counted towards it)
     * @param labelled the labelled predictions it holds
     */
    public record FeedbackDataset(String dataset, Instant through, int labelled, int rows, Instant madeAt) {}

    public Optional<FeedbackDataset> lastFeedbackDataset(String model) {
        return blobs.readJson(CONTAINER, model + "/" + FEEDBACK_DATASET, FeedbackDataset.class).map(BlobStore.Versioned::value);
    }

    public void recordFeedbackDataset(String model, FeedbackDataset dataset) {
        blobs.write(CONTAINER, model + "/" + FEEDBACK_DATASET, Json.write(dataset));
    }

    private static String folder(String model) {
        return model + "/windows/";
    }

    private static String path(String model, Instant from) {
        return folder(model) + NAME.format(from) + ".json";
    }

    private static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }
}
