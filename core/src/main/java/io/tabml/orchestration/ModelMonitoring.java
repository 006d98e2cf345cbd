package io.tabml.orchestration;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.NotFoundException;
import io.tabml.ingest.Task;
import io.tabml.monitoring.ModelWindow;
import io.tabml.monitoring.MonitoringWindows;
import io.tabml.monitoring.PredictionTable;
import io.tabml.registry.ModelMetadata;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.MonitoringStatus;
import io.tabml.training.LiveWindow;
import io.tabml.training.MonitoringSettings;
import io.tabml.training.WindowStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The monitoring job: reads each model's logged predictions window by window (an hour, the log's
 * partition), every version that answered against its own drift reference and holdout
 * ({@link LiveWindow}), judges the window under the model's monitoring settings
 * ({@link WindowStatus}), stores it ({@link MonitoringWindows}) and keeps the model's status beside
 * its versions. A status that changes is handed to the caller's {@code changes} (the timer logs it
 * with its invocation's logger, which Application Insights keeps, and the alert rule reads that log).
 *
 * <p>Each run computes the windows that ended since the model's latest stored one, and that latest
 * one again: feedback arrives after the predictions, so a window's live metrics grow for a while
 * after it ends. A model never read before, or not for a while, gets the last {@link #MAX_BACKFILL}.
 * Then, where the model's settings ask for it, enough feedback becomes a new dataset ({@link FeedbackRetraining}).
 */
public final class ModelMonitoring {
    private static final Logger LOG = Logger.getLogger(ModelMonitoring.class.getName());
    static final Duration WINDOW = Duration.ofHours(1);
    /** The most windows one run computes for a model that has not been read for a while. */
    static final int MAX_BACKFILL = 24;

    private final ModelRegistry registry;
    private final PredictionTable predictions;
    private final MonitoringWindows windows;
    private final DatasetUploads settings;
    private final FeedbackRetraining retraining;
    private final Clock clock;

    public ModelMonitoring(ModelRegistry registry, PredictionTable predictions, MonitoringWindows windows, DatasetUploads settings,
                           FeedbackRetraining retraining, Clock clock) {
        this.registry = registry;
        this.predictions = predictions;
        this.windows = windows;
        this.settings = settings;
        this.retraining = retraining;
        this.clock = clock;
    }

    /** A model's status moving from one value (null: none yet) to another, with the window that moved it. */
    public record StatusChange(String model, WindowStatus.Status from, MonitoringStatus to) {}

    /** One pass over every model, each status change handed to {@code changes}; a model that fails is logged and left for the next run. */
    public List<ModelWindow> run(Consumer<StatusChange> changes) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        List<ModelWindow> computed = new ArrayList<>();
        for (String model : registry.models()) {
            try {
                Instant earliest = end.minus(WINDOW.multipliedBy(MAX_BACKFILL));
                Instant start = windows.latestStart(model).filter(latest -> latest.isAfter(earliest)).orElse(earliest);
                MonitoringSettings rules = rules(model);
                for (Instant from = start; from.isBefore(end); from = from.plus(WINDOW)) {
                    computed.add(judge(model, from, from.plus(WINDOW), rules, changes));
                }
                retraining.consider(model, rules, end).ifPresent(dataset -> LOG.info("model " + model + ": " + dataset.labelled()
                        + " labelled predictions made into " + dataset.dataset() + ", which trains a new version"));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "monitoring could not read model " + model + "; it is read again on the next run", e);
            }
        }
        return computed;
    }

    /** The longest range one request reads: a month of hourly windows. */
    static final Duration MAX_RANGE = Duration.ofDays(31);

    /** A model's status and its windows in a range, as the API answers them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(String model, MonitoringStatus status, Instant from, Instant to, List<ModelWindow> windows) {}

    /**
     * The model's stored windows that start in {@code [from, to)}; by default the last day.
     *
     * @param from null for {@code to} minus a day
     * @param to   null for now
     */
    public Report report(String model, Instant from, Instant to) {
        ModelName.require(model);
        if (registry.versions(model).isEmpty()) throw new NotFoundException("model '" + model + "' does not exist (no registered version)");
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(Duration.ofDays(1));
        if (!start.isBefore(end)) throw new InvalidInputException("invalid_range", "from (" + start + ") must be before to (" + end + ")");
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInputException("invalid_range", "from " + start + " to " + end + " is longer than " + MAX_RANGE.toDays()
                    + " days: ask for less at a time");
        }
        return new Report(model, registry.monitoringStatus(model).orElse(null), start, end, windows.between(model, start, end));
    }

    /** Reads, judges and stores one window of one model, and updates the model's status when it is the latest. */
    public ModelWindow judge(String model, Instant from, Instant to, Consumer<StatusChange> changes) {
        return judge(model, from, to, rules(model), changes);
    }

    private ModelWindow judge(String model, Instant from, Instant to, MonitoringSettings rules, Consumer<StatusChange> changes) {
        Map<Integer, Version> versions = new HashMap<>();
        predictions.forEachInWindow(model, from, to, logged -> {
            var p = logged.prediction();
            versions.computeIfAbsent(p.version(), v -> new Version(registry.metadata(model, v))).add(p.input(), p.probabilities(),
                    p.label(), logged.actual());
        });
        List<ModelWindow.VersionWindow> parts = versions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue().read(e.getKey(), rules)).toList();
        long total = parts.stream().mapToLong(ModelWindow.VersionWindow::predictions).sum();
        Integer champion = registry.champion(model).map(c -> c.value().version()).orElse(null);
        WindowStatus status = parts.stream().filter(v -> v.status() != null)
                .max(Comparator.comparing((ModelWindow.VersionWindow v) -> champion != null && v.version() == champion)
                        .thenComparingLong(ModelWindow.VersionWindow::predictions))
                .map(ModelWindow.VersionWindow::status)
                .orElseGet(() -> WindowStatus.of(LiveWindow.Summary.empty(), rules));
        var window = new ModelWindow(model, from, to, clock.instant(), total, status, parts);
        windows.save(window);
        updateStatus(model, window, changes);
        return window;
    }

    private void updateStatus(String model, ModelWindow window, Consumer<StatusChange> changes) {
        Optional<MonitoringStatus> previous = registry.monitoringStatus(model);
        if (previous.isPresent() && previous.get().windowFrom().isAfter(window.from())) return; // a later window already spoke
        WindowStatus.Status was = previous.map(MonitoringStatus::status).orElse(null);
        boolean changed = was != window.status().status();
        Instant since = changed || previous.isEmpty() ? clock.instant() : previous.get().since();
        var now = new MonitoringStatus(window.status().status(), window.status().reasons(), window.from(), window.to(), since);
        registry.recordMonitoringStatus(model, now);
        if (changed) changes.accept(new StatusChange(model, was, now));
    }

    /** The model's monitoring settings; the defaults when its config.json is invalid (uploads say so already). */
    private MonitoringSettings rules(String model) {
        try {
            return settings.config(model).monitoring();
        } catch (DatasetRejectedException invalid) {
            return MonitoringSettings.DEFAULTS;
        }
    }

    /** One version's predictions in the window, counted against its reference as they come. */
    private static final class Version {
        private final LiveWindow live;
        private final String note;
        private long predictions;

        Version(Optional<ModelMetadata> metadata) {
            this.live = metadata.map(m -> m.report()).filter(r -> r.driftReference() != null).map(r -> r.kind() == Task.REGRESSION
                    ? new LiveWindow(r.driftReference(), r.regression().metrics()) : new LiveWindow(r.driftReference(), r.metrics())).orElse(null);
            this.note = metadata.isEmpty() ? "the version is not in the registry"
                    : live == null ? "the version's report predates drift references: its predictions are counted, not judged" : null;
        }

        void add(Map<String, Object> input, Map<String, Double> probabilities, String label, String actual) {
            predictions++;
            if (live != null && input != null) live.add(input, probabilities, label, actual);
        }

        ModelWindow.VersionWindow read(int version, MonitoringSettings rules) {
            if (live == null) return new ModelWindow.VersionWindow(version, predictions, null, null, note);
            LiveWindow.Summary summary = live.summary();
            return new ModelWindow.VersionWindow(version, predictions, summary, WindowStatus.of(summary, rules), null);
        }
    }
}
