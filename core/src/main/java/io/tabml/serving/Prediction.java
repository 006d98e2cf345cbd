package io.tabml.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.ModelPipeline;
import java.util.List;
import java.util.Map;

/**
 * One row's answer: its id (for feedback: {@code POST /api/models/{model}/feedback}), and on
 * request the top contributions; from a classifier the predicted class and every class's
 * probability, from a regressor the predicted value and its prediction interval.
 *
 * @param prediction a regressor's predicted value, in the target's unit (null from a classifier)
 * @param interval   a regressor's prediction interval {@code [low, high]} (null from a classifier)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String predictionId, String label, Map<String, Double> probabilities, Double prediction, List<Double> interval,
                         List<ModelPipeline.Contribution> contributions) {
    /** A classifier's answer. */
    public Prediction(String predictionId, String label, Map<String, Double> probabilities, List<ModelPipeline.Contribution> contributions) {
        this(predictionId, label, probabilities, null, null, contributions);
    }
}
