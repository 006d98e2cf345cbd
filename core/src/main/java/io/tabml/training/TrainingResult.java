package io.tabml.training;

/** A trained pipeline with its holdout metrics and how many rows went into it. */
public record TrainingResult(ModelPipeline pipeline, EvaluationMetrics metrics, int rows, int trainRows) {}
