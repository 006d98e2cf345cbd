package io.tabml.training;

/**
 * The metric model selection maximises, computed on pooled cross-validated probabilities.
 * Log loss is negated so that higher is always better.
 */
final class SelectionMetric {
    private SelectionMetric() {}

    static double score(String metric, int[] truth, double[][] probabilities, int positive) {
        int k = probabilities[0].length;
        return switch (metric) {
            case "roc_auc" -> k == 2 ? Curves.rocAuc(truth, probabilities, positive) : macro(truth, probabilities, true);
            case "pr_auc" -> k == 2 ? Curves.averagePrecision(truth, probabilities, positive) : macro(truth, probabilities, false);
            case "f1" -> f1(truth, probabilities, positive);
            case "accuracy" -> accuracy(truth, probabilities);
            case "log_loss" -> -logLoss(truth, probabilities);
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    static double logLoss(int[] truth, double[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) sum -= Math.log(Math.max(1e-15, probabilities[i][truth[i]]));
        return sum / truth.length;
    }

    private static double macro(int[] truth, double[][] probabilities, boolean roc) {
        double sum = 0;
        int k = probabilities[0].length;
        for (int c = 0; c < k; c++) {
            sum += roc ? Curves.rocAuc(truth, probabilities, c) : Curves.averagePrecision(truth, probabilities, c);
        }
        return sum / k;
    }

    private static double accuracy(int[] truth, double[][] probabilities) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) if (argmax(probabilities[i]) == truth[i]) correct++;
        return (double) correct / truth.length;
    }

    /** F1 of the positive class at the best threshold for two classes; macro F1 of the likeliest class otherwise. */
    private static double f1(int[] truth, double[][] probabilities, int positive) {
        if (probabilities[0].length == 2) return Curves.bestF1Threshold(truth, probabilities, positive)[1];
        int k = probabilities[0].length;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < truth.length; i++) {
                int predicted = argmax(probabilities[i]);
                if (predicted == c && truth[i] == c) tp++;
                else if (predicted == c) fp++;
                else if (truth[i] == c) fn++;
            }
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / k;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }
}
