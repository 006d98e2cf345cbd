package io.tabml.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a predict request: which model version answered, and a prediction per row, in
 * request order. A single-row request gets its answer at the top level: {@code predictionId}, and
 * {@code label} and {@code probabilities} from a classifier, {@code prediction} and {@code interval}
 * from a regressor.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PredictionResponse(String model, int version, String predictionId, String label,
                                 java.util.Map<String, Double> probabilities, Double prediction, List<Double> interval,
                                 List<io.tabml.training.ModelPipeline.Contribution> contributions,
                                 List<Prediction> predictions, List<String> warnings) {
    /** A classifier's answer. */
    public PredictionResponse(String model, int version, String predictionId, String label, java.util.Map<String, Double> probabilities,
                              List<io.tabml.training.ModelPipeline.Contribution> contributions, List<Prediction> predictions,
                              List<String> warnings) {
        this(model, version, predictionId, label, probabilities, null, null, contributions, predictions, warnings);
    }
}
