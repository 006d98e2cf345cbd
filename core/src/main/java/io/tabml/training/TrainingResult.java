package io.tabml.training;

import java.util.List;

/** A trained pipeline with its holdout metrics, how it was chosen, what matters to it, and how many rows went into it. */
public record TrainingResult(ModelPipeline pipeline, EvaluationMetrics metrics, Trainer.SelectionSummary selection,
                             List<FeatureImportance.Importance> featureImportance, int rows, int trainRows) {}
