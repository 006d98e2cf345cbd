package io.tabml.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a predict request: which model version answered, and a prediction per row, in
 * request order. A single-row request gets {@code predictionId}, {@code label} and
 * {@code probabilities} at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PredictionResponse(String model, int version, String predictionId, String label,
                                 java.util.Map<String, Double> probabilities,
                                 List<io.tabml.training.ModelPipeline.Contribution> contributions,
                                 List<Prediction> predictions, List<String> warnings) {}
