package io.tabml.training;

import java.util.Arrays;
import java.util.Locale;
import smile.math.special.Erf;

/**
 * The decision threshold of a binary model, chosen on its cross-validated predictions for the
 * configured selection metric, on a smoothed curve so that a few rows cannot pull it around.
 *
 * <p>What is maximised: {@code accuracy} when that is the selection metric, else the positive
 * class's F1. ROC AUC, PR AUC and log loss do not depend on a threshold, so they cannot choose one;
 * for them F1 is kept (what the trainer always used): precision, recall and F1 are reported for the
 * positive class, by default the minority class, and F1 balances the two where accuracy would
 * often be best served by never predicting a rare class at all.
 *
 * <p>How it is smoothed: the empirical F1 (or accuracy) is a step function of the threshold, and
 * on small data its maximum sits on one or two rows. Each row's score is instead counted as
 * spread over nearby thresholds by a Gaussian kernel on the log-odds scale, so the counts of true
 * and false positives, and the metric made of them, are smooth in the threshold. The bandwidth is
 * Silverman's rule, {@code 0.9 min(sd, IQR / 1.34) n^(-1/5)} of the log-odds, so it narrows as the
 * rows grow and the curve approaches the empirical one on large data. The smoothed curve is
 * maximised on a grid of the scores' quantiles, refined around the best point.
 */
final class DecisionThreshold {
    /** Probabilities are clipped to [this, 1 - this] before the log-odds: thresholds beyond carry no meaning. */
    static final double MIN_PROBABILITY = 1e-4;
    private static final int GRID = 200;
    private static final int REFINE = 40;

    /** The threshold, what it maximises (on the unsmoothed predictions) and why, for reports. */
    record Choice(double threshold, String maximised, double value, double bandwidth, String reason) {}

    private DecisionThreshold() {}

    /** What the threshold maximises for this selection metric: accuracy, or the positive class's F1. */
    static boolean maximisesAccuracy(Metric metric) {
        return metric == Metric.ACCURACY;
    }

    static Choice choose(Metric metric, int[] truth, double[][] probabilities, int positive, String positiveClass) {
        boolean accuracy = maximisesAccuracy(metric);
        int n = truth.length;
        double[] score = new double[n];
        boolean[] isPositive = new boolean[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            score[i] = logit(probabilities[i][positive]);
            isPositive[i] = truth[i] == positive;
            if (isPositive[i]) positives++;
        }
        double h = bandwidth(score);
        if (h == 0) h = 1; // every score alike: any width tells "all positive" from "none positive"
        double[] sorted = score.clone();
        Arrays.sort(sorted);
        double[] grid = new double[GRID + 2];
        grid[0] = sorted[0] - 3 * h;
        for (int g = 0; g < GRID; g++) grid[g + 1] = sorted[(int) Math.round((double) g * (n - 1) / (GRID - 1))];
        grid[GRID + 1] = sorted[n - 1] + 3 * h;
        int at = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < grid.length; g++) {
            double v = smoothed(accuracy, score, isPositive, positives, grid[g], h);
            if (v > bestValue) {
                bestValue = v;
                at = g;
            }
        }
        double best = grid[at];
        double from = grid[Math.max(0, at - 1)], to = grid[Math.min(grid.length - 1, at + 1)];
        for (int r = 0; r <= REFINE; r++) {
            double t = from + (to - from) * r / REFINE;
            double v = smoothed(accuracy, score, isPositive, positives, t, h);
            if (v > bestValue) {
                bestValue = v;
                best = t;
            }
        }
        // past the clipped scores, the threshold means every row, or none: 0 or 1, not a probability no row can have
        double threshold = best < logit(0) ? 0 : best > logit(1) ? 1 : 1 / (1 + Math.exp(-best));
        double value = empirical(accuracy, truth, probabilities, positive, threshold);
        String maximised = accuracy ? "accuracy" : "F1 of '" + positiveClass + "'";
        String reason = (accuracy || metric == Metric.F1 ? "" : metric.id() + " does not depend on a threshold, so it ")
                + String.format(Locale.ROOT, "maximises %s on the cross-validated predictions, smoothed over nearby thresholds "
                        + "(Gaussian kernel of %.2f in log-odds); %s %.3f there", maximised, h, accuracy ? "accuracy" : "F1", value);
        return new Choice(threshold, maximised, value, h, reason);
    }

    /** F1 of the positive class, or accuracy, with every row counted as spread over thresholds by the kernel. */
    static double smoothed(boolean accuracy, double[] score, boolean[] isPositive, int positives, double t, double h) {
        double tp = 0, fp = 0;
        for (int i = 0; i < score.length; i++) {
            double above = 0.5 * Erf.erfc(-(score[i] - t) / (h * Math.sqrt(2))); // P(score + noise >= t)
            if (isPositive[i]) tp += above;
            else fp += above;
        }
        if (accuracy) return (tp + (score.length - positives - fp)) / score.length;
        return tp == 0 ? 0 : 2 * tp / (tp + fp + positives);
    }

    /** F1 of the positive class, or accuracy, when the positive class is predicted at or above the threshold. */
    static double empirical(boolean accuracy, int[] truth, double[][] probabilities, int positive, double threshold) {
        int[] predicted = new int[truth.length];
        for (int i = 0; i < truth.length; i++) predicted[i] = probabilities[i][positive] >= threshold ? positive : 1 - positive;
        if (accuracy) return Metrics.accuracy(truth, predicted);
        return Metrics.f1(Metrics.confusionMatrix(truth, predicted, 2), positive);
    }

    /** Silverman's rule of thumb on the log-odds; 0 when they do not vary. */
    static double bandwidth(double[] score) {
        int n = score.length;
        if (n < 2) return 0;
        double mean = Arrays.stream(score).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(score).map(s -> (s - mean) * (s - mean)).sum() / (n - 1));
        double[] sorted = score.clone();
        Arrays.sort(sorted);
        double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
        return 0.9 * spread * Math.pow(n, -0.2);
    }

    static double logit(double p) {
        double q = Math.min(1 - MIN_PROBABILITY, Math.max(MIN_PROBABILITY, p));
        return Math.log(q / (1 - q));
    }

    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }
}
