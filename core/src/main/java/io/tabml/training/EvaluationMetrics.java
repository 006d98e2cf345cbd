package io.tabml.training;

import java.util.List;

/**
 * How a model did on rows it was not trained on. For two classes, precision, recall and F1 are
 * those of the positive class; for more, they are macro averages and ROC AUC and PR AUC are
 * macro one-vs-rest averages. {@code confusionMatrix[actual][predicted]} follows {@code classes}.
 * The ROC curve (at most {@link #ROC_POINTS} points) is the positive class's, or for more than
 * two classes the first class's against the rest.
 */
public record EvaluationMetrics(int holdoutRows, List<String> classes, String positiveClass, double threshold,
                                String thresholdReason, double accuracy, double precision, double recall, double f1,
                                double rocAuc, double prAuc, double logLoss, int[][] confusionMatrix, int[] predictedPerClass,
                                List<Curves.RocPoint> rocCurve) {
    public static final int ROC_POINTS = 100;

    /** Scores predictions: {@code truth[i]} is the class index, {@code probabilities[i]} every class's probability. */
    public static EvaluationMetrics of(int[] truth, double[][] probabilities, int[] predicted, List<String> classes,
                                       String positiveClass, double threshold, String thresholdReason) {
        int k = classes.size();
        int n = truth.length;
        int[][] confusion = new int[k][k];
        int[] predictedPerClass = new int[k];
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            confusion[truth[i]][predicted[i]]++;
            predictedPerClass[predicted[i]]++;
            if (truth[i] == predicted[i]) correct++;
            logLoss -= Math.log(Math.max(1e-15, probabilities[i][truth[i]]));
        }
        int positive = classes.indexOf(positiveClass);
        double precision, recall, f1, auc, prAuc;
        if (k == 2) {
            precision = precision(confusion, positive);
            recall = recall(confusion, positive);
            f1 = f1(precision, recall);
            auc = Curves.rocAuc(truth, probabilities, positive);
            prAuc = Curves.averagePrecision(truth, probabilities, positive);
        } else {
            double p = 0, r = 0, f = 0, a = 0, pr = 0;
            for (int c = 0; c < k; c++) {
                double pc = precision(confusion, c), rc = recall(confusion, c);
                p += pc;
                r += rc;
                f += f1(pc, rc);
                a += Curves.rocAuc(truth, probabilities, c);
                pr += Curves.averagePrecision(truth, probabilities, c);
            }
            precision = p / k;
            recall = r / k;
            f1 = f / k;
            auc = a / k;
            prAuc = pr / k;
        }
        var roc = Curves.rocCurve(truth, probabilities, k == 2 ? positive : 0, ROC_POINTS);
        return new EvaluationMetrics(n, classes, positiveClass, threshold, thresholdReason, (double) correct / n, precision,
                recall, f1, auc, prAuc, logLoss / n, confusion, predictedPerClass, roc);
    }

    private static double precision(int[][] confusion, int c) {
        int predicted = 0;
        for (int[] row : confusion) predicted += row[c];
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    private static double recall(int[][] confusion, int c) {
        int actual = 0;
        for (int count : confusion[c]) actual += count;
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
