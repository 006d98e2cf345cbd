package io.tabml.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer to a JSON predict: the version that answered, and for one row its {@code predictionId}
 * (what feedback names) and, from a classifier, {@code label} and {@code probabilities}, from a
 * regressor, the predicted value {@code prediction} and its {@code interval} ({@code [low, high]});
 * or for {@code rows} one {@link Row} each, in request order. Warnings say what was accepted but worth
 * knowing (a category not seen in training).
 */
public record Prediction(String model, int version, String predictionId, String label, Map<String, Double> probabilities,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double prediction,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> interval, List<Contribution> contributions, List<Row> predictions,
                         List<String> warnings) {
    public Prediction {
        probabilities = probabilities == null ? Map.of() : probabilities;
        contributions = contributions == null ? List.of() : contributions;
        predictions = predictions == null ? List.of() : predictions;
        warnings = warnings == null ? List.of() : warnings;
    }

    /** Whether a regressor answered (a value and its interval, no class). */
    public boolean regression() {
        return prediction != null || !predictions.isEmpty() && predictions.get(0).prediction() != null;
    }

    /** One row's answer in a batch: a classifier's label and probabilities, or a regressor's value and interval. */
    public record Row(String predictionId, String label, Map<String, Double> probabilities,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Double prediction,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> interval, List<Contribution> contributions) {
        public Row {
            contributions = contributions == null ? List.of() : contributions;
        }
    }

    /** How much an input moved the answer (with {@code explain}). */
    public record Contribution(String feature, Object value, double contribution) {}
}
