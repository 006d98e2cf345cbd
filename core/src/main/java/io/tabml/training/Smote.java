package io.tabml.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SMOTE (Chawla et al., 2002): oversamples every class smaller than the largest with synthetic
 * rows on the segments between a row and one of its k nearest same-class neighbours, until the
 * classes are balanced. Written here because Smile has none. Applied to encoded training rows
 * only, never to rows a model is evaluated on. Neighbours are searched exhaustively within a
 * seeded sample of at most {@link #MAX_NEIGHBOUR_POOL} rows of the class, which bounds the cost
 * on large classes.
 */
final class Smote {
    static final int K = 5;
    static final int MAX_NEIGHBOUR_POOL = 5000;

    private Smote() {}

    /** The rows with the synthetic ones appended. */
    static Imbalance.Sample oversample(double[][] x, int[] labels, int classes, long seed) {
        Random random = new Random(seed);
        int[] counts = Splits.classCounts(labels, classes);
        int largest = Arrays.stream(counts).max().orElse(0);
        List<double[]> rows = new ArrayList<>(Arrays.asList(x));
        List<Integer> newLabels = new ArrayList<>();
        for (int label : labels) newLabels.add(label);
        for (int c = 0; c < classes; c++) {
            int missing = largest - counts[c];
            if (missing == 0 || counts[c] < 2) continue;
            double[][] members = members(x, labels, c, random);
            int k = Math.min(K, members.length - 1);
            int[][] neighbours = neighbours(members, k);
            for (int s = 0; s < missing; s++) {
                int i = random.nextInt(members.length);
                double[] a = members[i];
                double[] b = members[neighbours[i][random.nextInt(k)]];
                double gap = random.nextDouble();
                double[] synthetic = new double[a.length];
                for (int d = 0; d < a.length; d++) synthetic[d] = a[d] + gap * (b[d] - a[d]);
                rows.add(synthetic);
                newLabels.add(c);
            }
        }
        return new Imbalance.Sample(rows.toArray(double[][]::new), newLabels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double[][] members(double[][] x, int[] labels, int c, Random random) {
        List<double[]> members = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(x[i]);
        if (members.size() > MAX_NEIGHBOUR_POOL) {
            java.util.Collections.shuffle(members, random);
            members = members.subList(0, MAX_NEIGHBOUR_POOL);
        }
        return members.toArray(double[][]::new);
    }

    /** For each row, the indices of its k nearest other rows (squared Euclidean distance). */
    private static int[][] neighbours(double[][] rows, int k) {
        int[][] result = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            int[] best = new int[k];
            double[] bestDistance = new double[k];
            Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
            for (int j = 0; j < rows.length; j++) {
                if (j == i) continue;
                double d = 0;
                for (int f = 0; f < rows[i].length && d < bestDistance[k - 1]; f++) {
                    double diff = rows[i][f] - rows[j][f];
                    d += diff * diff;
                }
                if (d < bestDistance[k - 1]) insert(best, bestDistance, j, d);
            }
            result[i] = best;
        }
        return result;
    }

    private static void insert(int[] best, double[] distance, int index, double d) {
        int pos = best.length - 1;
        while (pos > 0 && distance[pos - 1] > d) {
            best[pos] = best[pos - 1];
            distance[pos] = distance[pos - 1];
            pos--;
        }
        best[pos] = index;
        distance[pos] = d;
    }
}
