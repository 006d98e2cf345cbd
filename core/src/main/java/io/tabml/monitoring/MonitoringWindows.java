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
 * the earlier result.
 */
public final class MonitoringWindows {
    public static final String CONTAINER = "monitoring";
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
