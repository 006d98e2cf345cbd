package io.tabml.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SMOTE-NC (Chawla et al., 2002, section 6.1): oversamples every class smaller than the largest
 * with synthetic rows until the classes are balanced. A synthetic row takes a row of the class
 * and one of its k nearest same-class neighbours: its continuous columns lie at a random point of
 * the segment between the two; each nominal feature (a category's one-hot columns, a number's
 * "was missing" column, see {@link EncodedColumns}) takes the value most of the row's k
 * neighbours have (the nearest of the tied values on a tie), so a synthetic row is never a
 * fraction of a category. A number whose synthetic row is "missing" holds the value the encoder
 * imputes. With no nominal columns this is plain SMOTE.
 *
 * <p>Distance, as the paper defines it: the squared Euclidean distance over the continuous
 * columns, plus, for every nominal feature on which two rows differ, the square of the median of
 * the class's standard deviations of the continuous columns (1 when there are none).
 *
 * <p>Written here because Smile has none. Applied to encoded training rows only, never to rows a
 * model is evaluated on. Neighbours are searched exhaustively within a seeded sample of at most
 * {@link #MAX_NEIGHBOUR_POOL} rows of the class, which bounds the cost on large classes.
 */
final class Smote {
    static final int K = 5;
    static final int MAX_NEIGHBOUR_POOL = 5000;

    private Smote() {}

    /** Plain SMOTE: every column continuous. */
    static Imbalance.Sample oversample(double[][] x, int[] labels, int classes, long seed) {
        return oversample(x, labels, classes, EncodedColumns.allContinuous(x.length == 0 ? 0 : x[0].length), seed);
    }

    /** The rows with the synthetic ones appended. */
    static Imbalance.Sample oversample(double[][] x, int[] labels, int classes, EncodedColumns columns, long seed) {
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
            int[][] nominalValues = nominalValues(members, columns);
            double nominalPenalty = nominalPenalty(members, columns);
            int[][] neighbours = neighbours(members, nominalValues, columns.continuous(), nominalPenalty, k);
            for (int s = 0; s < missing; s++) {
                int i = random.nextInt(members.length);
                double[] a = members[i];
                double[] b = members[neighbours[i][random.nextInt(k)]];
                double gap = random.nextDouble();
                double[] synthetic = a.clone();
                for (int d : columns.continuous()) synthetic[d] = a[d] + gap * (b[d] - a[d]);
                for (int g = 0; g < columns.nominal().size(); g++) {
                    int[] group = columns.nominal().get(g);
                    int value = mostFrequent(nominalValues, neighbours[i], g);
                    for (int col = 0; col < group.length; col++) synthetic[group[col]] = col == value ? 1 : 0;
                    if (group.length == 1 && value == 0 && columns.valueOf()[group[0]] >= 0) {
                        synthetic[columns.valueOf()[group[0]]] = columns.imputedOf()[group[0]]; // "missing": the imputed value
                    }
                }
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

    /** Each row's value of each nominal group: the index of its column that is 1 within the group, or -1 when none is. */
    private static int[][] nominalValues(double[][] rows, EncodedColumns columns) {
        int[][] values = new int[rows.length][columns.nominal().size()];
        for (int i = 0; i < rows.length; i++) {
            for (int g = 0; g < values[i].length; g++) {
                int[] group = columns.nominal().get(g);
                values[i][g] = -1;
                for (int col = 0; col < group.length; col++) if (rows[i][group[col]] > 0.5) values[i][g] = col;
            }
        }
        return values;
    }

    /** Med squared: the median of the class's standard deviations of the continuous columns, squared (1 without any). */
    static double nominalPenalty(double[][] rows, EncodedColumns columns) {
        int[] continuous = columns.continuous();
        if (continuous.length == 0 || columns.nominal().isEmpty()) return 1;
        double[] deviations = new double[continuous.length];
        for (int d = 0; d < continuous.length; d++) {
            double sum = 0, sumSq = 0;
            for (double[] row : rows) {
                sum += row[continuous[d]];
                sumSq += row[continuous[d]] * row[continuous[d]];
            }
            double mean = sum / rows.length;
            deviations[d] = Math.sqrt(Math.max(0, sumSq / rows.length - mean * mean));
        }
        Arrays.sort(deviations);
        int n = deviations.length;
        double median = n % 2 == 1 ? deviations[n / 2] : (deviations[n / 2 - 1] + deviations[n / 2]) / 2;
        return median * median;
    }

    /** The value of nominal group g that most of the neighbours have; on a tie, the one the nearest of them has. */
    private static int mostFrequent(int[][] nominalValues, int[] neighbours, int g) {
        int best = nominalValues[neighbours[0]][g], bestCount = 0;
        for (int n : neighbours) {
            int value = nominalValues[n][g], count = 0;
            for (int m : neighbours) if (nominalValues[m][g] == value) count++;
            if (count > bestCount) {
                best = value;
                bestCount = count;
            }
        }
        return best;
    }

    /** For each row, the indices of its k nearest other rows (the SMOTE-NC distance). */
    private static int[][] neighbours(double[][] rows, int[][] nominalValues, int[] continuous, double nominalPenalty, int k) {
        int[][] result = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            int[] best = new int[k];
            double[] bestDistance = new double[k];
            Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
            for (int j = 0; j < rows.length; j++) {
                if (j == i) continue;
                double d = 0;
                for (int g = 0; g < nominalValues[i].length; g++) if (nominalValues[i][g] != nominalValues[j][g]) d += nominalPenalty;
                for (int f = 0; f < continuous.length && d < bestDistance[k - 1]; f++) {
                    double diff = rows[i][continuous[f]] - rows[j][continuous[f]];
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
