package io.tabml.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.ApiException;
import io.tabml.ingest.ModelName;
import io.tabml.registry.ModelRegistry.LoadedModel;
import io.tabml.storage.Requests;
import io.tabml.training.ModelPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers predict requests: one row as a JSON object of feature values, or many as
 * {@code {"rows": [...]}}; the champion unless a version is pinned. Every problem with the
 * request is a 400 that lists each field (and row) at fault.
 */
public final class PredictionService {
    private static final int MAX_ROWS = 10_000;
    static final int TOP_CONTRIBUTIONS = 5;

    private final ModelCache cache;
    private final long maxBodyBytes;

    public PredictionService(ModelCache cache, long maxBodyBytes) {
        this.cache = cache;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A {@code text/csv} batch: the same CSV back with {@code prediction} and one probability column per class. */
    public byte[] predictCsv(String model, Integer version, byte[] body) {
        ModelName.require(model);
        checkSize(body);
        if (body == null || body.length == 0) throw ApiException.badRequest("empty_body", "the request body is empty: send a CSV with a header");
        LoadedModel loaded = version == null ? cache.champion(model) : cache.version(model, version);
        return CsvScoring.score(loaded.pipeline(), body);
    }

    /**
     * @param version pinned version, or null for the champion
     * @param lenient ignore fields that are not inputs of the model
     * @param explain add each row's top {@value #TOP_CONTRIBUTIONS} feature contributions
     */
    public PredictionResponse predict(String model, Integer version, byte[] body, boolean lenient, boolean explain) {
        ModelName.require(model);
        checkSize(body);
        JsonNode json = Requests.parse(body);
        LoadedModel loaded = version == null ? cache.champion(model) : cache.version(model, version);
        RowReader reader = new RowReader(loaded.pipeline().schema());
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean batch = json.isObject() && json.size() == 1 && json.has("rows");
        List<Object[]> rows = new ArrayList<>();
        if (batch) {
            JsonNode array = json.get("rows");
            if (!array.isArray() || array.isEmpty()) throw ApiException.invalid("'rows' must be a non-empty array of objects",
                    Map.of("rows", List.of("must be a non-empty array of objects")));
            if (array.size() > MAX_ROWS) throw ApiException.tooLarge("at most " + MAX_ROWS
                    + " rows per JSON request; send larger batches as text/csv");
            for (int i = 0; i < array.size(); i++) rows.add(reader.read(array.get(i), "rows[" + i + "].", lenient, problems, warnings));
        } else {
            rows.add(reader.read(json, "", lenient, problems, warnings));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("the request does not match the inputs of model '" + model + "' version "
                    + loaded.metadata().version() + ": " + summary(problems), problems);
        }
        List<Prediction> predictions = rows.stream().map(row -> predict(loaded.pipeline(), row, explain)).toList();
        int answeredBy = loaded.metadata().version();
        if (batch) return new PredictionResponse(model, answeredBy, null, null, null, predictions, warnings);
        Prediction only = predictions.get(0);
        return new PredictionResponse(model, answeredBy, only.label(), only.probabilities(), only.contributions(), null, warnings);
    }

    private static Prediction predict(ModelPipeline pipeline, Object[] row, boolean explain) {
        double[] probabilities = pipeline.probabilities(row);
        List<String> classes = pipeline.schema().classes();
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int k = 0; k < classes.size(); k++) byClass.put(classes.get(k), probabilities[k]);
        return new Prediction(classes.get(pipeline.decide(probabilities)), byClass,
                explain ? pipeline.contributions(row, TOP_CONTRIBUTIONS) : null);
    }

    private void checkSize(byte[] body) {
        if (body != null && body.length > maxBodyBytes) {
            throw ApiException.tooLarge("the request body is " + body.length + " bytes; the limit is " + maxBodyBytes
                    + " (MAX_PREDICT_BYTES): send smaller batches");
        }
    }

    private static String summary(Map<String, List<String>> problems) {
        var first = problems.entrySet().iterator().next();
        String text = first.getKey() + " " + first.getValue().get(0);
        return problems.size() == 1 ? text : text + " (and " + (problems.size() - 1) + " more field(s))";
    }
}
