package io.tabml.training;

/** A trained pipeline and the report that describes it (what the trainer stages as {@code metrics.json}). */
public record TrainingResult(ModelPipeline pipeline, TrainingReport report) {}
