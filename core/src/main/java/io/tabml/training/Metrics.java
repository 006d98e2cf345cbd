package io.tabml.training;

import io.tabml.training.EvaluationMetrics.RocPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import smile.math.MathEx;
import smile.validation.metric.AUC;
import smile.validation.metric.Accuracy;

/**
 * Every number that says how well a classifier did, computed in one place for evaluation
 * ({@link EvaluationMetrics}), model selection ({@link Metric}) and {@link FeatureImportance}.
 *
 * <p>{@code truth[i]} is row i's class index, {@code probabilities[i]} every class's probability,
 * {@code predicted[i]} the class decided for row i, and {@code positive} the positive class's index.
 * With two classes a metric is the positive class's; with more, ROC AUC, PR AUC, precision, recall
 * and F1 are macro averages of each class against the rest.
 *
 * <p>Smile's {@link AUC} (ties count half) and {@link Accuracy} compute exactly what is wanted and are
 * used as they are. The rest is ours because Smile's differs: its {@code LogLoss} is binary only and
 * its {@code CrossEntropy} does not clip, so one zero probability makes the loss infinite; its
 * {@code ConfusionMatrix} is sized by the largest class present, not by the classes there are; its
 * {@code Precision}, {@code Recall} and {@code FScore} count class 1 as the positive one, and their
 * macro F-score is the F-score of the macro precision and recall rather than the mean of the
 * classes' F1. Average precision and the ROC curve Smile does not have.
 */
final class Metrics {
    /** Log loss raises smaller probabilities to this, so that one confident mistake costs much but not infinitely much. */
    private static final double MIN_PROBABILITY = 1e-15;

    private Metrics() {}

    /** The score threshold at which predicting a class maximises its F1, and that F1. */
    record F1Threshold(double threshold, double f1) {}

    static double rocAuc(int[] truth, double[][] probabilities, int positive) {
        return perClassOrMacro(probabilities[0].length, positive, c -> AUC.of(isClass(truth, c), column(probabilities, c)));
    }

    /** The area under the precision-recall curve as average precision (scikit-learn's definition). */
    static double prAuc(int[] truth, double[][] probabilities, int positive) {
        return perClassOrMacro(probabilities[0].length, positive, c -> averagePrecision(truth, probabilities, c));
    }

    /** The mean negative log of the true class's probability. */
    static double logLoss(int[] truth, double[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) sum -= Math.log(Math.max(MIN_PROBABILITY, probabilities[i][truth[i]]));
        return sum / truth.length;
    }

    /**
     * Row by row, how much more log probability the model gives the true class than a constant
     * prediction of the rows' own class shares does; clipped as {@link #logLoss} clips, so the mean
     * is exactly the shares' log loss minus the model's.
     */
    static double[] logLossGains(int[] truth, double[][] probabilities) {
        int[] counts = Splits.classCounts(truth, probabilities[0].length);
        double[] gains = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            double share = (double) counts[truth[i]] / truth.length;
            gains[i] = Math.log(Math.max(MIN_PROBABILITY, probabilities[i][truth[i]])) - Math.log(share);
        }
        return gains;
    }

    /**
     * The Hanley-McNeil (1982) standard error of a ROC AUC from its value and the two class counts
     * (Smile has AUC but no error for it): it assumes the scores' distributions are roughly
     * exponential, and at 0.5 equals the Mann-Whitney statistic's exact spread under no information.
     */
    static double rocAucStandardError(double auc, int positives, int negatives) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
                / ((double) positives * negatives);
        return Math.sqrt(variance);
    }

    /** Two models' ROC AUCs on the same rows, and the standard error of their difference. */
    record PairedRocAuc(double first, double second, double differenceStandardError) {}

    /**
     * DeLong, DeLong and Clarke-Pearson (1988): each AUC is the mean of per-row components (for a
     * positive row, the share of negatives it outscores; for a negative, the share of positives that
     * outscore it, ties counting half), and the two models' components covary over the same rows,
     * which gives the variance of the difference. The components come from midranks (Sun and Xu,
     * 2014), so it takes a sort, not a pass over every pair. Written here because neither Smile nor
     * another kept Java library has the test.
     */
    static PairedRocAuc pairedRocAuc(int[] truth, double[][] first, double[][] second, int positive) {
        int[] positives = IntStream.range(0, truth.length).filter(i -> truth[i] == positive).toArray();
        int[] negatives = IntStream.range(0, truth.length).filter(i -> truth[i] != positive).toArray();
        double[][] a = deLongComponents(column(first, positive), positives, negatives);
        double[][] b = deLongComponents(column(second, positive), positives, negatives);
        double[] positiveLead = new double[positives.length], negativeLead = new double[negatives.length];
        for (int i = 0; i < positiveLead.length; i++) positiveLead[i] = a[0][i] - b[0][i];
        for (int j = 0; j < negativeLead.length; j++) negativeLead[j] = a[1][j] - b[1][j];
        double variance = MathEx.var(positiveLead) / positives.length + MathEx.var(negativeLead) / negatives.length;
        return new PairedRocAuc(MathEx.mean(a[0]), MathEx.mean(b[0]), Math.sqrt(variance));
    }

    /** DeLong's components of one model's scores: {positive rows' components, negative rows'}; each list's mean is the AUC. */
    private static double[][] deLongComponents(double[] scores, int[] positives, int[] negatives) {
        int m = positives.length, n = negatives.length;
        double[] x = new double[m], y = new double[n], all = new double[m + n];
        for (int i = 0; i < m; i++) all[i] = x[i] = scores[positives[i]];
        for (int j = 0; j < n; j++) all[m + j] = y[j] = scores[negatives[j]];
        double[] overall = midranks(all), amongPositives = midranks(x), amongNegatives = midranks(y);
        double[] positiveParts = new double[m], negativeParts = new double[n];
        for (int i = 0; i < m; i++) positiveParts[i] = (overall[i] - amongPositives[i]) / n;
        for (int j = 0; j < n; j++) negativeParts[j] = 1 - (overall[m + j] - amongNegatives[j]) / m;
        return new double[][] {positiveParts, negativeParts};
    }

    /** 1-based ranks, tied values sharing the mean of their ranks. */
    static double[] midranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /** Equal-width bins of predicted probability that {@link #expectedCalibrationError} averages over. */
    static final int CALIBRATION_BINS = 10;

    /**
     * The expected calibration error: rows binned by the probability they were given (for two classes
     * the positive class's; for more, that of the likeliest class, whether it was right being the
     * outcome), then the bins' gaps between mean probability and observed frequency, weighted by
     * their rows (Naeini et al., 2015; Guo et al., 2017, for the likeliest-class form). 0 is perfectly
     * calibrated; a model that says 0.9 where 60% turn out positive adds 0.3 for those rows.
     */
    static double expectedCalibrationError(int[] truth, double[][] probabilities, int positive) {
        boolean binary = probabilities[0].length == 2;
        double[] claimed = new double[CALIBRATION_BINS], happened = new double[CALIBRATION_BINS];
        for (int i = 0; i < truth.length; i++) {
            int c = binary ? positive : argmax(probabilities[i]);
            double p = probabilities[i][c];
            int bin = Math.min(CALIBRATION_BINS - 1, (int) (p * CALIBRATION_BINS));
            claimed[bin] += p;
            happened[bin] += truth[i] == c ? 1 : 0;
        }
        // a bin's rows times the gap between its mean claim and its frequency is the gap between its sums
        double error = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) error += Math.abs(claimed[b] - happened[b]) / truth.length;
        return error;
    }

    static double accuracy(int[] truth, int[] predicted) {
        return Accuracy.of(truth, predicted);
    }

    /** {@code [actual][predicted]} row counts. */
    static int[][] confusionMatrix(int[] truth, int[] predicted, int classes) {
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) confusion[truth[i]][predicted[i]]++;
        return confusion;
    }

    static double precision(int[][] confusion, int positive) {
        return perClassOrMacro(confusion.length, positive, c -> classPrecision(confusion, c));
    }

    static double recall(int[][] confusion, int positive) {
        return perClassOrMacro(confusion.length, positive, c -> classRecall(confusion, c));
    }

    static double f1(int[][] confusion, int positive) {
        return perClassOrMacro(confusion.length, positive, c -> classF1(confusion, c));
    }

    /**
     * F1 as selection compares candidates: for two classes the positive class's at its best
     * threshold (the threshold training then sets); for more, the macro F1 of the likeliest class.
     */
    static double f1AtBestThreshold(int[] truth, double[][] probabilities, int positive) {
        int k = probabilities[0].length;
        if (k == 2) return bestF1Threshold(truth, probabilities, positive).f1();
        return f1(confusionMatrix(truth, argmax(probabilities), k), positive);
    }

    static F1Threshold bestF1Threshold(int[] truth, double[][] probabilities, int c) {
        Integer[] order = descending(probabilities, c);
        int positives = count(truth, c);
        double bestF1 = 0, bestThreshold = 0.5;
        int tp = 0, predicted = 0;
        for (int r = 0; r < order.length; r++) {
            predicted++;
            if (truth[order[r]] == c) tp++;
            if (!lastOfTie(order, r, probabilities, c)) continue;
            double f1 = tp == 0 ? 0 : 2.0 * tp / (predicted + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                double next = r + 1 < order.length ? probabilities[order[r + 1]][c] : 0;
                bestThreshold = (probabilities[order[r]][c] + next) / 2; // midway to the next lower score
            }
        }
        return new F1Threshold(bestThreshold, bestF1);
    }

    /** Class c's ROC curve against the rest, one point per distinct score, thinned to at most {@code maxPoints}. */
    static List<RocPoint> rocCurve(int[] truth, double[][] probabilities, int c, int maxPoints) {
        Integer[] order = descending(probabilities, c);
        int positives = count(truth, c);
        int negatives = truth.length - positives;
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(0, 0, 1));
        int tp = 0, fp = 0;
        for (int r = 0; r < order.length; r++) {
            if (truth[order[r]] == c) tp++;
            else fp++;
            if (lastOfTie(order, r, probabilities, c)) {
                points.add(new RocPoint(negatives == 0 ? 0 : (double) fp / negatives, positives == 0 ? 0 : (double) tp / positives,
                        probabilities[order[r]][c]));
            }
        }
        if (points.size() <= maxPoints) return points;
        List<RocPoint> thinned = new ArrayList<>();
        double step = (points.size() - 1) / (double) (maxPoints - 1);
        for (int i = 0; i < maxPoints; i++) thinned.add(points.get((int) Math.round(i * step)));
        return thinned;
    }

    /** The likeliest class; the first of equally likely ones. */
    static int argmax(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
        return best;
    }

    static int[] argmax(double[][] probabilities) {
        int[] best = new int[probabilities.length];
        for (int i = 0; i < best.length; i++) best[i] = argmax(probabilities[i]);
        return best;
    }

    /** The positive class's value for two classes, else the mean over the classes. */
    private static double perClassOrMacro(int classes, int positive, IntToDoubleFunction perClass) {
        if (classes == 2) return perClass.applyAsDouble(positive);
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += perClass.applyAsDouble(c);
        return sum / classes;
    }

    private static double averagePrecision(int[] truth, double[][] probabilities, int c) {
        Integer[] order = descending(probabilities, c);
        int positives = count(truth, c);
        if (positives == 0) return 0;
        double ap = 0;
        int tp = 0, seen = 0, previousTp = 0;
        for (int r = 0; r < order.length; r++) {
            seen++;
            if (truth[order[r]] == c) tp++;
            if (lastOfTie(order, r, probabilities, c)) {
                // recall steps by the tie group's positives; precision at the end of the group
                int groupPositives = tp - previousTp;
                ap += (double) groupPositives / positives * ((double) tp / seen);
                previousTp = tp;
            }
        }
        return ap;
    }

    private static double classPrecision(int[][] confusion, int c) {
        int predicted = predicted(confusion, c);
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    private static double classRecall(int[][] confusion, int c) {
        int actual = actual(confusion, c);
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    /** The rows predicted to be of class c. */
    private static int predicted(int[][] confusion, int c) {
        int predicted = 0;
        for (int[] row : confusion) predicted += row[c];
        return predicted;
    }

    /** The rows of class c. */
    private static int actual(int[][] confusion, int c) {
        int actual = 0;
        for (int n : confusion[c]) actual += n;
        return actual;
    }

    /** The harmonic mean of precision and recall, from the counts: one rounding, as {@link #bestF1Threshold} has it too. */
    private static double classF1(int[][] confusion, int c) {
        int tp = confusion[c][c];
        return tp == 0 ? 0 : 2.0 * tp / (predicted(confusion, c) + actual(confusion, c));
    }

    /** Row indices by class c's probability, highest first. */
    private static Integer[] descending(double[][] probabilities, int c) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i][c]).reversed());
        return order;
    }

    /** Whether rank r is the last of the rows that share its score: curves step only between distinct scores. */
    private static boolean lastOfTie(Integer[] order, int r, double[][] probabilities, int c) {
        return r == order.length - 1 || probabilities[order[r + 1]][c] != probabilities[order[r]][c];
    }

    static int count(int[] truth, int c) {
        return (int) Arrays.stream(truth).filter(t -> t == c).count();
    }

    /** 1 where the row is of class c, else 0: class c against the rest, as Smile's AUC reads labels. */
    private static int[] isClass(int[] truth, int c) {
        int[] binary = new int[truth.length];
        for (int i = 0; i < truth.length; i++) binary[i] = truth[i] == c ? 1 : 0;
        return binary;
    }

    private static double[] column(double[][] probabilities, int c) {
        double[] column = new double[probabilities.length];
        for (int i = 0; i < column.length; i++) column[i] = probabilities[i][c];
        return column;
    }
}
