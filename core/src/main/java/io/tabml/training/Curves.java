package io.tabml.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ranking metrics of one class's scores: ROC AUC (with ties counted half), average precision
 * (the area under the precision-recall curve as scikit-learn defines it), the ROC curve thinned
 * to at most a given number of points, and the threshold that maximises F1.
 */
public final class Curves {
    private Curves() {}

    /** A point of the ROC curve: the rates at and above a score threshold. */
    public record RocPoint(double fpr, double tpr, double threshold) {}

    static double rocAuc(int[] truth, double[][] probabilities, int c) {
        return smile.validation.metric.AUC.of(binary(truth, c), column(probabilities, c));
    }

    static double averagePrecision(int[] truth, double[][] probabilities, int c) {
        Integer[] order = descending(probabilities, c);
        int positives = (int) Arrays.stream(truth).filter(t -> t == c).count();
        if (positives == 0) return 0;
        double ap = 0;
        int tp = 0, seen = 0, previousTp = 0;
        for (int r = 0; r < order.length; r++) {
            seen++;
            if (truth[order[r]] == c) tp++;
            boolean lastOfTie = r == order.length - 1 || probabilities[order[r + 1]][c] != probabilities[order[r]][c];
            if (lastOfTie) {
                // recall steps by the tie group's positives; precision at the end of the group
                int groupPositives = tp - previousTp;
                ap += (double) groupPositives / positives * ((double) tp / seen);
                previousTp = tp;
            }
        }
        return ap;
    }

    static List<RocPoint> rocCurve(int[] truth, double[][] probabilities, int c, int maxPoints) {
        Integer[] order = descending(probabilities, c);
        int positives = (int) Arrays.stream(truth).filter(t -> t == c).count();
        int negatives = truth.length - positives;
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(0, 0, 1));
        int tp = 0, fp = 0;
        for (int r = 0; r < order.length; r++) {
            if (truth[order[r]] == c) tp++;
            else fp++;
            boolean lastOfTie = r == order.length - 1 || probabilities[order[r + 1]][c] != probabilities[order[r]][c];
            if (lastOfTie) {
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

    /** {threshold, F1}: the score threshold at which predicting class c maximises its F1. */
    static double[] bestF1Threshold(int[] truth, double[][] probabilities, int c) {
        Integer[] order = descending(probabilities, c);
        int positives = (int) Arrays.stream(truth).filter(t -> t == c).count();
        double bestF1 = 0, bestThreshold = 0.5;
        int tp = 0, predicted = 0;
        for (int r = 0; r < order.length; r++) {
            predicted++;
            if (truth[order[r]] == c) tp++;
            boolean lastOfTie = r == order.length - 1 || probabilities[order[r + 1]][c] != probabilities[order[r]][c];
            if (!lastOfTie) continue;
            double f1 = tp == 0 ? 0 : 2.0 * tp / (predicted + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                double next = r + 1 < order.length ? probabilities[order[r + 1]][c] : 0;
                bestThreshold = (probabilities[order[r]][c] + next) / 2; // midway to the next lower score
            }
        }
        return new double[] {bestThreshold, bestF1};
    }

    private static Integer[] descending(double[][] probabilities, int c) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i][c]).reversed());
        return order;
    }

    private static int[] binary(int[] truth, int c) {
        int[] b = new int[truth.length];
        for (int i = 0; i < truth.length; i++) b[i] = truth[i] == c ? 1 : 0;
        return b;
    }

    private static double[] column(double[][] probabilities, int c) {
        double[] col = new double[probabilities.length];
        for (int i = 0; i < col.length; i++) col[i] = probabilities[i][c];
        return col;
    }
}
