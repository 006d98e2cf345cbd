package io.tabml.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.ModelPipeline;
import java.util.List;
import java.util.Map;

/**
 * One row's answer: its id (for feedback: {@code POST /api/models/{model}/feedback}), the
 * predicted class, every class's probability, and on request the top contributions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String predictionId, String label, Map<String, Double> probabilities,
                         List<ModelPipeline.Contribution> contributions) {}
