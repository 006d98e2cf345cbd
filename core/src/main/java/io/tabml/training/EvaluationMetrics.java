package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a model did on rows it was not trained on. For two classes, precision, recall and F1 are
 * those of the positive class; for more, they are macro averages and ROC AUC and PR AUC are
 * macro one-vs-rest averages. {@code confusionMatrix[actual][predicted]} follows {@code classes}.
 * The ROC curve (at most {@link #ROC_POINTS} points) is the positive class's, or for more than
 * two classes the first class's against the rest. {@link Metrics} computes every number, and
 * {@link BaselineEvidence} the confidence bounds on them.
 *
 * @param baseline how sure these rows make us that the model beats predicting the class shares;
 *                 null in reports written before the trainer computed it (and then not written back)
 * @param calibrationError how far the probabilities stray from the frequencies they claim
 *                 ({@link Metrics#expectedCalibrationError}); null in reports written before it
 */
public record EvaluationMetrics(int holdoutRows, List<String> classes, String positiveClass, double threshold,
                                String thresholdReason, double accuracy, double precision, double recall, double f1,
                                double rocAuc, double prAuc, double logLoss, int[][] confusionMatrix, int[] predictedPerClass,
                                List<RocPoint> rocCurve, @JsonInclude(JsonInclude.Include.NON_NULL) BaselineEvidence baseline,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Double calibrationError) {
    public static final int ROC_POINTS = 100;

    /** A point of the ROC curve: the rates at and above a score threshold. */
    public record RocPoint(double fpr, double tpr, double threshold) {}

    /** Scores predictions: {@code truth[i]} is the class index, {@code probabilities[i]} every class's probability. */
    public static EvaluationMetrics of(int[] truth, double[][] probabilities, int[] predicted, List<String> classes,
                                       String positiveClass, double threshold, String thresholdReason) {
        int k = classes.size();
        int positive = classes.indexOf(positiveClass);
        int[][] confusion = Metrics.confusionMatrix(truth, predicted, k);
        int[] predictedPerClass = Splits.classCounts(predicted, k);
        var roc = Metrics.rocCurve(truth, probabilities, k == 2 ? positive : 0, ROC_POINTS);
        double rocAuc = Metrics.rocAuc(truth, probabilities, positive);
        return new EvaluationMetrics(truth.length, classes, positiveClass, threshold, thresholdReason,
                Metrics.accuracy(truth, predicted), Metrics.precision(confusion, positive), Metrics.recall(confusion, positive),
                Metrics.f1(confusion, positive), rocAuc, Metrics.prAuc(truth, probabilities, positive),
                Metrics.logLoss(truth, probabilities), confusion, predictedPerClass, roc,
                BaselineEvidence.of(truth, probabilities, positive, rocAuc), Metrics.expectedCalibrationError(truth, probabilities, positive));
    }
}
