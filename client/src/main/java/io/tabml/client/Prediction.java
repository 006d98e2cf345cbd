package io.tabml.client;

import java.util.List;
import java.util.Map;

/**
 * The answer to a JSON predict: the version that answered, and for one row its {@code predictionId}
 * (what feedback names), {@code label} and {@code probabilities}, or for {@code rows} one {@link Row}
 * each, in request order. Warnings say what was accepted but worth knowing (a category not seen in training).
 */
public record Prediction(String model, int version, String predictionId, String label, Map<String, Double> probabilities,
                         List<Contribution> contributions, List<Row> predictions, List<String> warnings) {
    public Prediction {
        probabilities = probabilities == null ? Map.of() : probabilities;
        contributions = contributions == null ? List.of() : contributions;
        predictions = predictions == null ? List.of() : predictions;
        warnings = warnings == null ? List.of() : warnings;
    }

    /** One row's answer in a batch. */
    public record Row(String predictionId, String label, Map<String, Double> probabilities, List<Contribution> contributions) {
        public Row {
            contributions = contributions == null ? List.of() : contributions;
        }
    }

    /** How much an input moved the answer (with {@code explain}). */
    public record Contribution(String feature, Object value, double contribution) {}
}
