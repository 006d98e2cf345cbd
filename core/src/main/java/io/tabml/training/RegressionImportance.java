package io.tabml.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Permutation importance of a regressor, as {@link FeatureImportance} measures a classifier's: on a
 * random sample of at most {@link FeatureImportance#MAX_ROWS} held-out rows, each input is shuffled
 * {@link FeatureImportance#REPEATS} times and its importance is the mean drop in the selection metric
 * (an error's rise; R²'s fall) with the standard deviation over the shuffles, in the metric's unit.
 * As for a classifier, one scoring of the sample is timed, and when all the shuffles would take
 * longer than the allowance the sample shrinks to fit (to no fewer than {@link FeatureImportance#MIN_ROWS}), and says so.
 */
final class RegressionImportance {
    private RegressionImportance() {}

    /** The importances, and a note when the sample was cut to the time allowance (else null). */
    record Result(List<FeatureImportance.Importance> importances, String note) {}

    static Result of(RegressionPipeline pipeline, List<Object[]> rows, double[] truth, RegressionMetric metric, long seed,
                     Duration allowance) {
        int[] order = IntStream.range(0, rows.size()).toArray();
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[k];
            order[k] = swap;
        }
        int n = Math.min(order.length, FeatureImportance.MAX_ROWS);
        int features = pipeline.schema().features().size(), repeats = FeatureImportance.REPEATS;
        long start = System.nanoTime();
        double base = score(pipeline, sample(rows, order, n), select(truth, order, n), metric);
        double expected = (System.nanoTime() - start) / 1e9 * features * repeats / Math.max(1, Math.min(features,
                Runtime.getRuntime().availableProcessors()));
        String note = null;
        if (expected > allowance.toMillis() / 1000.0 && n > FeatureImportance.MIN_ROWS) {
            n = (int) Math.max(FeatureImportance.MIN_ROWS, n * allowance.toMillis() / 1000.0 / expected);
            base = score(pipeline, sample(rows, order, n), select(truth, order, n), metric);
            note = String.format(java.util.Locale.ROOT, "feature importance was measured on a random sample of %d of %d evaluated rows, "
                    + "to keep its %d x %d shuffles near %d s", n, rows.size(), features, repeats, allowance.toSeconds());
        }
        Object[][] x = sample(rows, order, n);
        double[] labels = select(truth, order, n);
        double baseline = base;
        int size = n;
        double[][] drops = new double[features][repeats];
        // inputs in parallel: each shuffles with its own seeded generator, so the result does not depend on the threads
        IntStream.range(0, features).parallel().forEach(j -> {
            Random shuffler = new Random(seed * 31 + j);
            for (int r = 0; r < repeats; r++) {
                Object[] column = new Object[size];
                for (int i = 0; i < size; i++) column[i] = x[i][j];
                for (int i = size - 1; i > 0; i--) {
                    int k = shuffler.nextInt(i + 1);
                    Object swap = column[i];
                    column[i] = column[k];
                    column[k] = swap;
                }
                Object[][] permuted = new Object[size][];
                for (int i = 0; i < size; i++) {
                    permuted[i] = x[i].clone();
                    permuted[i][j] = column[i];
                }
                drops[j][r] = baseline - score(pipeline, permuted, labels, metric);
            }
        });
        List<FeatureImportance.Importance> result = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            double mean = java.util.Arrays.stream(drops[j]).average().orElse(0);
            double squares = java.util.Arrays.stream(drops[j]).map(d -> (d - mean) * (d - mean)).sum();
            result.add(new FeatureImportance.Importance(pipeline.schema().features().get(j).name(), mean,
                    Math.sqrt(squares / (repeats - 1)), repeats));
        }
        result.sort(Comparator.comparingDouble(FeatureImportance.Importance::importance).reversed());
        return new Result(result, note);
    }

    /** The first {@code n} rows in {@code order}. */
    private static Object[][] sample(List<Object[]> rows, int[] order, int n) {
        Object[][] x = new Object[n][];
        for (int i = 0; i < n; i++) x[i] = rows.get(order[i]);
        return x;
    }

    private static double[] select(double[] values, int[] order, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = values[order[i]];
        return out;
    }

    private static double score(RegressionPipeline pipeline, Object[][] rows, double[] truth, RegressionMetric metric) {
        double[] predicted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) predicted[i] = pipeline.predict(rows[i]);
        return metric.score(truth, predicted);
    }
}
