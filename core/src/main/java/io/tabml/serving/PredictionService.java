package io.tabml.serving;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.ApiException;
import io.tabml.ingest.ModelName;
import io.tabml.registry.ModelRegistry.LoadedModel;
import io.tabml.storage.Json;
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

    private final ModelCache cache;

    public PredictionService(ModelCache cache) {
        this.cache = cache;
    }

    public PredictionResponse predict(String model, Integer version, byte[] body, boolean lenient) {
        ModelName.require(model);
        JsonNode json = parse(body);
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
        List<Prediction> predictions = rows.stream().map(row -> predict(loaded.pipeline(), row)).toList();
        int answeredBy = loaded.metadata().version();
        if (batch) return new PredictionResponse(model, answeredBy, null, null, predictions, warnings);
        Prediction only = predictions.get(0);
        return new PredictionResponse(model, answeredBy, only.label(), only.probabilities(), null, warnings);
    }

    private static Prediction predict(ModelPipeline pipeline, Object[] row) {
        double[] probabilities = pipeline.probabilities(row);
        List<String> classes = pipeline.schema().classes();
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int k = 0; k < classes.size(); k++) byClass.put(classes.get(k), probabilities[k]);
        return new Prediction(classes.get(pipeline.decide(probabilities)), byClass);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty: send a JSON object of feature values");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) throw ApiException.badRequest("empty_body", "the request body is empty");
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("invalid_json", "the request body could not be read: " + e.getMessage());
        }
    }

    private static String summary(Map<String, List<String>> problems) {
        var first = problems.entrySet().iterator().next();
        String text = first.getKey() + " " + first.getValue().get(0);
        return problems.size() == 1 ? text : text + " (and " + (problems.size() - 1) + " more field(s))";
    }
}
