package io.tabml.training;

/** What a regressor's run leaves: the pipeline, its report, its evaluated rows with their predictions, and its training rows. */
public record RegressionResult(RegressionPipeline pipeline, TrainingReport report, EvaluatedRows evaluatedRows, TrainingRowSet trainingRows)
        implements TrainingOutput {}
