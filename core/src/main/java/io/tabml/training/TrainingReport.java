package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.Task;
import io.tabml.ingest.TaskChoice;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the trainer writes next to the artifact as {@code metrics.json}: the algorithm, the
 * evaluation metrics and how they were obtained, how the model was selected, feature importance,
 * the input schema and how the run went. A registered version's metadata embeds it as it is.
 *
 * @param evaluation how the metrics were measured; absent in reports written before the trainer said
 *                   so, which were all measured on a stratified 20% holdout
 * @param startedAt when training began, once the data was read (the trainer process started earlier)
 * @param seconds how long each phase took, in order (schema, selection, final fit, evaluation,
 *                importance, references); absent in reports written before it
 * @param metrics a classifier's metrics; null for a regressor (its are in {@code regression})
 * @param selection how a classifier was chosen; null for a regressor
 * @param driftReference what monitoring compares live traffic with; absent in reports written before it
 * @param task the task and the rule that chose it; absent in reports written before regression, which were all classifiers
 * @param regression a regressor's metrics and selection; null for a classifier
 */
public record TrainingReport(String algorithm, @JsonInclude(JsonInclude.Include.NON_NULL) EvaluationMetrics metrics,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Evaluation evaluation,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Trainer.SelectionSummary selection,
                             List<FeatureImportance.Importance> featureImportance, InputSchema schema, int rows, int trainRows,
                             String trainerVersion, Instant startedAt, Instant endedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> seconds,
                             @JsonInclude(JsonInclude.Include.NON_NULL) DriftReference driftReference,
                             @JsonInclude(JsonInclude.Include.NON_NULL) TaskChoice task,
                             @JsonInclude(JsonInclude.Include.NON_NULL) RegressionReport regression,
                             @JsonInclude(JsonInclude.Include.NON_NULL) FinalFit finalFit) {

    /** The task this report's model was trained for. */
    public Task kind() {
        return regression != null ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /**
     * A regressor's holdout metrics and how it was chosen: the metric, the folds, every candidate's
     * score, the chosen learner, its params and target transform, and what was skipped.
     */
    public record RegressionReport(RegressionMetrics metrics, RegressionSummary selection) {}

    /** How a regressor was chosen ({@link RegressionSelection}), in the shape of a classifier's {@link Trainer.SelectionSummary}. */
    public record RegressionSummary(RegressionMetric metric, int cvFolds, int rows, String algorithm, Map<String, Double> params,
                                    String transform, List<RegressionSelection.CandidateScore> candidates, List<String> notes) {}

    /**
     * How the metrics were measured: on a stratified holdout ({@value #HOLDOUT}), on a separate test
     * file ({@value #TEST_FILE}), or, where a holdout would hold too few rows of some class, by
     * stratified k-fold cross-validation repeated with fresh folds on every row ({@value #REPEATED_CV}).
     *
     * @param rows            the rows the metrics cover, each once
     * @param holdoutFraction the share of the rows held out (holdout only)
     * @param folds           folds per repeat (repeated cross-validation only)
     * @param repeats         how many times the folds were drawn anew (repeated cross-validation only)
     * @param metric          the selection metric, which {@code repeatScores} are of
     * @param repeatScores    the selection metric on each repeat's out-of-fold predictions on its own
     *                        (for F1 and accuracy at the model's threshold; a log loss as a loss)
     * @param reason          why this evaluation, in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluation(String method, int rows, Double holdoutFraction, Integer folds, Integer repeats, Metric metric,
                             List<Double> repeatScores, String reason) {
        public static final String HOLDOUT = "holdout";
        public static final String TEST_FILE = "test-file";
        public static final String REPEATED_CV = "repeated-cv";

        static Evaluation holdout(int rows, double fraction, String reason) {
            return new Evaluation(HOLDOUT, rows, fraction, null, null, null, null, reason);
        }

        static Evaluation testFile(int rows) {
            return new Evaluation(TEST_FILE, rows, null, null, null, null, null, "the rows of the given test file");
        }

        static Evaluation repeatedCrossValidation(int rows, int folds, int repeats, Metric metric, List<Double> repeatScores,
                                                  String reason) {
            return new Evaluation(REPEATED_CV, rows, null, folds, repeats, metric, List.copyOf(repeatScores), reason);
        }
    }
}
