package io.tabml.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.data.CsvSource;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.data.Numbers;
import io.tabml.errors.ConflictException;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.errors.NotFoundException;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Records true classes, or a regressor's true values, ("actuals") of logged predictions, by
 * prediction id: a JSON list of
 * {@code {"predictionId", "actual"}} or a CSV with {@code predictionId} and {@code actual}
 * columns (others, such as the inputs of a scored CSV sent back with an added {@code actual}
 * column, are ignored).
 *
 * <p>The whole request is checked before anything is stored, and if any entry is wrong nothing
 * is: the error lists every problem by prediction id (or by position where an entry has no id).
 * Problems are: an entry without an id or a class, an id that is not a prediction id, an id the
 * log does not hold for this model (and, when another model's log holds it, which model that
 * is), a class the answering model version does not have (for a regressor: an actual that is not a
 * finite number), and an id given twice with different classes. Sending the same class again for an id is idempotent (counted as unchanged), so a
 * request can be retried as a whole. A different class for an id that already has one is a
 * conflict (409) naming the id and both classes: a true class is an observed fact, and a second,
 * different one is more likely a mix-up of ids than a correction; changing it silently would
 * also change monitoring figures already reported from it.
 */
public final class FeedbackService {
    /** Entries per request: each is a point read, and the answer should come in seconds. */
    public static final int MAX_ENTRIES = 1000;
    /** Reads and writes of one request before a page that keeps changing is answered as a conflict. */
    static final int MAX_ATTEMPTS = 5;

    private final PredictionTable table;
    private final Supplier<List<String>> models;
    private final double sampleRate;
    private final Clock clock;

    /**
     * @param models     the names of every model the registry knows, asked only when an id is
     *                   not found, to say which model it belongs to
     * @param sampleRate the prediction log's, to say that sampling may have left an id out
     */
    public FeedbackService(PredictionTable table, Supplier<List<String>> models, double sampleRate, Clock clock) {
        this.table = table;
        this.models = models;
        this.sampleRate = sampleRate;
        this.clock = clock;
    }

    /** What a feedback request did: entries received, true classes stored, and those that were already there. */
    public record FeedbackResult(String model, int received, int recorded, int unchanged) {}

    /** One entry as given; {@code where} names it in problems when its id cannot. */
    private record Entry(String where, String predictionId, String actual) {}

    /** A JSON array of {@code {"predictionId": "...", "actual": "..."}}. */
    public FeedbackResult fromJson(String model, JsonNode body) {
        ModelName.require(model);
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw InvalidInputException.invalid("the body must be a non-empty JSON array of {\"predictionId\", \"actual\"}",
                    Map.of("body", List.of("must be a non-empty array of {\"predictionId\": \"...\", \"actual\": \"...\"}")));
        }
        requireAtMostMax(body.size());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            entries.add(new Entry("[" + i + "]", text(item, "predictionId"), text(item, "actual")));
        }
        return record(model, entries);
    }

    /** A CSV with {@code predictionId} and {@code actual} columns. */
    public FeedbackResult fromCsv(String model, byte[] csv) {
        ModelName.require(model);
        if (csv == null || csv.length == 0) throw new InvalidInputException("empty_body", "the request body is empty: send a CSV with a header");
        List<Entry> entries = new ArrayList<>();
        try (CsvSource source = CsvSource.open(new ByteArrayInputStream(csv))) {
            int id = source.header().indexOf("predictionId");
            int actual = source.header().indexOf("actual");
            Map<String, List<String>> missing = new LinkedHashMap<>();
            if (id < 0) missing.put("predictionId", List.of("column is missing from the CSV header"));
            if (actual < 0) missing.put("actual", List.of("column is missing from the CSV header"));
            if (!missing.isEmpty()) throw InvalidInputException.invalid("the CSV lacks column(s) " + missing.keySet(), missing);
            source.forEachRow(row -> {
                requireAtMostMax(entries.size() + 1);
                entries.add(new Entry("line " + row.line(), blankToNull(row.get(id)), blankToNull(row.get(actual))));
            });
        } catch (DatasetRejectedException e) {
            throw new InvalidInputException("invalid_csv", e.getMessage());
        }
        if (entries.isEmpty()) throw InvalidInputException.invalid("the CSV has no rows", Map.of("body", List.of("has a header but no rows")));
        return record(model, entries);
    }

    /**
     * Checks and stores the entries; again, from the reads, when a page of the log changed between
     * its read and the write (the log wrote more predictions into it, or other feedback came):
     * many predictions share a page, so this is common and not a conflict of this request's own.
     */
    private FeedbackResult record(String model, List<Entry> entries) {
        for (int attempt = 1; ; attempt++) {
            try {
                return recordOnce(model, entries);
            } catch (PredictionTable.PageChangedException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new ConflictException("the log's pages holding these predictions kept changing while feedback was recorded ("
                            + MAX_ATTEMPTS + " attempts): send this request again (feedback is idempotent)");
                }
            }
        }
    }

    private FeedbackResult recordOnce(String model, List<Entry> entries) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        Map<String, Entry> byId = distinct(entries, problems);
        List<PredictionTable.Actual> toStore = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int unchanged = 0;
        Map<String, LoggedPrediction> found = table.findAll(model, byId.keySet());
        for (Entry entry : byId.values()) {
            LoggedPrediction logged = found.get(entry.predictionId());
            if (logged == null) {
                missing.add(entry.predictionId());
                continue;
            }
            String version = "model '" + model + "' version " + logged.prediction().version();
            String problem = logged.prediction().probabilities() == null ? notAValue(entry.actual(), version)
                    : notAClass(entry.actual(), logged, version);
            if (problem != null) {
                add(problems, entry.predictionId(), problem);
            } else if (logged.actual() == null) {
                toStore.add(new PredictionTable.Actual(logged, entry.actual()));
            } else if (same(logged, entry.actual())) {
                unchanged++;
            } else {
                add(conflicts, entry.predictionId(), "already has actual '" + logged.actual() + "' (recorded " + logged.feedbackAt()
                        + "); this request says '" + abbreviate(entry.actual()) + "': a recorded actual is not changed");
            }
        }
        if (!missing.isEmpty()) explainMissing(model, missing, problems);
        if (!problems.isEmpty()) {
            conflicts.forEach((id, texts) -> problems.computeIfAbsent(id, k -> new ArrayList<>()).addAll(texts));
            throw InvalidInputException.invalid("the feedback for " + problems.size() + " prediction id(s) or entries (of " + entries.size()
                    + " entries) cannot be used, so none was stored; the first: " + first(problems), problems);
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException("feedback_conflict", conflicts.size() + " prediction(s) already have a different actual class, "
                    + "so none was stored; the first: " + first(conflicts), conflicts);
        }
        table.recordActuals(toStore, clock.instant());
        return new FeedbackResult(model, entries.size(), toStore.size(), unchanged);
    }

    /** Why {@code actual} cannot be a classifier's true class, or null when it is one of its classes. */
    private static String notAClass(String actual, LoggedPrediction logged, String version) {
        var classes = logged.prediction().probabilities().keySet();
        return classes.contains(actual) ? null : "actual '" + abbreviate(actual) + "' is not a class of " + version + ": one of " + classes;
    }

    /** Why {@code actual} cannot be a regressor's true value, or null when it is a finite number. */
    private static String notAValue(String actual, String version) {
        return Numbers.parse(actual) != null ? null : "actual '" + abbreviate(actual) + "' is not a finite number: "
                + version + " is a regressor, whose actual is the true value";
    }

    /** The same actual again: the same class, or for a regressor the same number however written ("12" and "12.0"). */
    private static boolean same(LoggedPrediction logged, String actual) {
        if (logged.actual().equals(actual)) return true;
        return logged.prediction().probabilities() == null
                && Objects.equals(Numbers.parse(logged.actual()), Numbers.parse(actual));
    }

    /** The well-formed entries by canonical id; malformed ones, and ids given twice with different classes, become problems. */
    private static Map<String, Entry> distinct(List<Entry> entries, Map<String, List<String>> problems) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.predictionId() == null) {
                add(problems, entry.where(), "predictionId is required (a string, as /predict answered it)");
                continue;
            }
            var id = PredictionIds.canonical(entry.predictionId());
            if (id.isEmpty()) {
                add(problems, abbreviate(entry.predictionId()), "is not a prediction id (26 characters, as /predict answered it)");
                continue;
            }
            if (entry.actual() == null) {
                add(problems, id.get(), "actual is required (the true class, or a regressor's true value)");
                continue;
            }
            Entry canonical = new Entry(entry.where(), id.get(), entry.actual());
            Entry earlier = byId.putIfAbsent(id.get(), canonical);
            if (earlier != null && !earlier.actual().equals(entry.actual())) {
                add(problems, id.get(), "is given twice, with actual '" + abbreviate(earlier.actual()) + "' and '"
                        + abbreviate(entry.actual()) + "'");
            }
        }
        problems.keySet().forEach(byId::remove);
        return byId;
    }

    /**
     * Says why each id was not found: it is another model's (found by a point read per model
     * the registry knows: this path runs only for ids that are not found), sampling may have left
     * it out, or the log does not hold it (yet).
     */
    private void explainMissing(String model, List<String> missing, Map<String, List<String>> problems) {
        List<String> known = models.get();
        if (!known.contains(model)) throw new NotFoundException("model '" + model + "' does not exist (no registered version)");
        for (String id : missing) {
            String owner = known.stream().filter(other -> !other.equals(model) && table.find(other, id).isPresent()).findFirst().orElse(null);
            if (owner != null) {
                add(problems, id, "is a prediction of model '" + owner + "', not of '" + model + "': send it to /api/models/" + owner + "/feedback");
            } else if (sampleRate < 1) {
                add(problems, id, "is unknown: no prediction of '" + model + "' with this id is in the log (sampling, PREDICTION_LOG_SAMPLE_RATE="
                        + sampleRate + ", leaves out a share of predictions; and one is logged within PREDICTION_LOG_FLUSH_MILLIS of its answer)");
            } else {
                add(problems, id, "is unknown: no prediction of '" + model + "' with this id is in the log (a prediction is logged "
                        + "within PREDICTION_LOG_FLUSH_MILLIS of its answer, unless the log's buffer was full)");
            }
        }
    }

    private static void requireAtMostMax(int entries) {
        if (entries > MAX_ENTRIES) throw new LimitExceededException("at most " + MAX_ENTRIES + " feedback entries per request: send more in several");
    }

    /** A field as text: strings as they are, numbers and booleans as written; null when absent, empty or not a scalar. */
    private static String text(JsonNode item, String field) {
        JsonNode value = item == null ? null : item.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? null : blankToNull(value.asText());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static void add(Map<String, List<String>> problems, String key, String problem) {
        problems.computeIfAbsent(key, k -> new ArrayList<>()).add(problem);
    }

    private static String first(Map<String, List<String>> problems) {
        var first = problems.entrySet().iterator().next();
        return first.getKey() + " " + first.getValue().get(0);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
