package io.tabml.training;

/**
 * What a run leaves for the staging area, whichever the task: the pipeline that goes into
 * {@code model.bin}, its report, the rows it was evaluated on and the rows it may have learned from.
 */
public sealed interface TrainingOutput permits TrainingResult, RegressionResult {
    Pipeline pipeline();

    TrainingReport report();

    EvaluatedRows evaluatedRows();

    TrainingRowSet trainingRows();
}
