package io.tabml.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.data.ModelName;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.ingest.InputSchema;
import io.tabml.monitoring.PredictionLog;
import io.tabml.registry.ModelRegistry.LoadedModel;
import io.tabml.training.ModelPipeline;
import io.tabml.training.RegressionPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers predictions: one row or a batch of rows, each a JSON object of feature values, or a CSV
 * batch; the champion unless a version is pinned. Every problem with the rows is one
 * {@link InvalidInputException} that lists each field (and row) at fault. Every answered row gets
 * a prediction id, and the answer is handed to the {@link PredictionLog}, which never delays it.
 */
public final class PredictionService {
    static final int MAX_ROWS = 10_000;
    static final int TOP_CONTRIBUTIONS = 5;

    private final ModelCache cache;
    private final PredictionLog log;

    public PredictionService(ModelCache cache, PredictionLog log) {
        this.cache = cache;
        this.log = log;
    }

    /**
     * How to read and answer rows.
     *
     * @param lenient ignore fields that are not inputs of the model
     * @param explain add each row's top {@value #TOP_CONTRIBUTIONS} feature contributions
     */
    public record Options(boolean lenient, boolean explain) {}

    /**
     * A CSV batch: the same CSV back with {@code predictionId} and {@code prediction}, and one
     * probability column per class from a classifier, {@code interval_low} and {@code interval_high}
     * from a regressor.
     */
    public byte[] predictCsv(String model, Integer version, byte[] csv) {
        ModelName.require(model);
        if (csv == null || csv.length == 0) throw new InvalidInputException("empty_body", "the request body is empty: send a CSV with a header");
        LoadedModel loaded = load(model, version);
        PredictionLog.Answer answer = log.answer();
        byte[] scored = CsvScoring.score(loaded.pipeline().schema(), csv, csvScorer(answer, model, loaded));
        answer.commit();
        return scored;
    }

    /** How each CSV row is scored and logged, by the kind of model. */
    private static CsvScoring.Scorer csvScorer(PredictionLog.Answer answer, String model, LoadedModel loaded) {
        return switch (loaded.pipeline()) {
            case ModelPipeline classifier -> new CsvScoring.Scorer(CsvScoring.scoreColumns(classifier), raw -> {
                double[] probabilities = classifier.probabilities(raw);
                String label = classifier.schema().classes().get(classifier.decide(probabilities));
                List<String> cells = new ArrayList<>(probabilities.length + 2);
                cells.add(logged(answer, model, loaded, raw, probabilities, label));
                cells.addAll(CsvScoring.classifierCells(label, probabilities));
                return cells;
            });
            case RegressionPipeline regressor -> new CsvScoring.Scorer(CsvScoring.scoreColumns(regressor), raw -> {
                double value = regressor.predict(raw);
                List<String> cells = new ArrayList<>(4);
                cells.add(logged(answer, model, loaded, raw, null, Double.toString(value)));
                cells.addAll(CsvScoring.regressorCells(value, regressor.interval(value)));
                return cells;
            });
        };
    }

    /**
     * One row, answered at the top level: its label and probabilities, or its value and interval.
     *
     * @param version pinned version, or null for the champion
     */
    public PredictionResponse predictOne(String model, Integer version, JsonNode row, Options options) {
        Answered answered = answer(model, version, List.of(row), "", options);
        Prediction only = answered.predictions().get(0);
        return new PredictionResponse(model, answered.version(), only.predictionId(), only.label(), only.probabilities(), only.prediction(),
                only.interval(), only.contributions(), null, answered.warnings());
    }

    /**
     * Many rows, answered as a list in their order.
     *
     * @param version pinned version, or null for the champion
     * @param rows    a JSON array of rows
     */
    public PredictionResponse predictBatch(String model, Integer version, JsonNode rows, Options options) {
        if (!rows.isArray() || rows.isEmpty()) throw InvalidInputException.invalid("'rows' must be a non-empty array of objects",
                Map.of("rows", List.of("must be a non-empty array of objects")));
        if (rows.size() > MAX_ROWS) throw new LimitExceededException("at most " + MAX_ROWS
                + " rows per JSON request; send larger batches as text/csv");
        List<JsonNode> each = new ArrayList<>();
        rows.forEach(each::add);
        Answered answered = answer(model, version, each, "rows[%d].", options);
        return new PredictionResponse(model, answered.version(), null, null, null, null, answered.predictions(), answered.warnings());
    }

    /** @param fieldPrefix how a row's fields are named in problems, with {@code %d} for the row's index */
    private Answered answer(String model, Integer version, List<JsonNode> json, String fieldPrefix, Options options) {
        ModelName.require(model);
        LoadedModel loaded = load(model, version);
        RowReader reader = new RowReader(loaded.pipeline().schema());
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            rows.add(reader.read(json.get(i), fieldPrefix.formatted(i), options.lenient(), problems, warnings));
        }
        if (!problems.isEmpty()) {
            throw InvalidInputException.invalid("the request does not match the inputs of model '" + model + "' version "
                    + loaded.metadata().version() + ": " + summary(problems), problems);
        }
        PredictionLog.Answer answer = log.answer();
        List<Prediction> predictions = rows.stream().map(row -> predict(answer, model, loaded, row, options.explain())).toList();
        answer.commit();
        return new Answered(loaded.metadata().version(), predictions, warnings);
    }

    private LoadedModel load(String model, Integer version) {
        return version == null ? cache.champion(model) : cache.version(model, version);
    }

    private static Prediction predict(PredictionLog.Answer answer, String model, LoadedModel loaded, Object[] row, boolean explain) {
        return switch (loaded.pipeline()) {
            case ModelPipeline classifier -> {
                double[] probabilities = classifier.probabilities(row);
                String label = classifier.schema().classes().get(classifier.decide(probabilities));
                yield new Prediction(logged(answer, model, loaded, row, probabilities, label), label, byClass(classifier.schema(), probabilities),
                        explain ? classifier.contributions(row, TOP_CONTRIBUTIONS) : null);
            }
            case RegressionPipeline regressor -> {
                double value = regressor.predict(row);
                double[] interval = regressor.interval(value);
                // the log keeps the value as the answer; a regressor has no class probabilities
                yield new Prediction(logged(answer, model, loaded, row, null, Double.toString(value)), null, null, value,
                        List.of(interval[0], interval[1]), explain ? regressor.contributions(row, TOP_CONTRIBUTIONS) : null);
            }
        };
    }

    /**
     * The row's prediction id; the row, as the model read it, goes to the log if the log keeps it
     * (a regressor's probabilities are null, and its label the predicted value).
     */
    private static String logged(PredictionLog.Answer answer, String model, LoadedModel loaded, Object[] row, double[] probabilities,
                                 String label) {
        return answer.log(model, loaded.metadata().version(), loaded.pipeline().schema(), row, probabilities, label);
    }

    private static Map<String, Double> byClass(InputSchema schema, double[] probabilities) {
        List<String> classes = schema.classes();
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int k = 0; k < classes.size(); k++) byClass.put(classes.get(k), probabilities[k]);
        return byClass;
    }

    private static String summary(Map<String, List<String>> problems) {
        var first = problems.entrySet().iterator().next();
        String text = first.getKey() + " " + first.getValue().get(0);
        return problems.size() == 1 ? text : text + " (and " + (problems.size() - 1) + " more field(s))";
    }

    private record Answered(int version, List<Prediction> predictions, List<String> warnings) {}
}
