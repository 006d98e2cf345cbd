package io.tabml.training;

/**
 * What a classifier's run leaves: a trained pipeline, the report that describes it (staged as
 * {@code metrics.json}), the rows it was evaluated on with its probabilities, and which rows it may
 * have learned from; the last two let the registry compare it with a later version on the same rows.
 */
public record TrainingResult(ModelPipeline pipeline, TrainingReport report, EvaluatedRows evaluatedRows, TrainingRowSet trainingRows)
        implements TrainingOutput {}
