package io.tabml.training;

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
 */
final class RegressionImportance {
    private RegressionImportance() {}

    static List<FeatureImportance.Importance> of(RegressionPipeline pipeline, List<Object[]> rows, double[] truth, RegressionMetric metric,
                                                 long seed) {
        int[] sample = IntStream.range(0, rows.size()).toArray();
        if (sample.length > FeatureImportance.MAX_ROWS) {
            Random random = new Random(seed);
            for (int i = sample.length - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int swap = sample[i];
                sample[i] = sample[k];
                sample[k] = swap;
            }
            sample = java.util.Arrays.copyOf(sample, FeatureImportance.MAX_ROWS);
        }
        int n = sample.length, features = pipeline.schema().features().size(), repeats = FeatureImportance.REPEATS;
        Object[][] x = new Object[n][];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(sample[i]);
            labels[i] = truth[sample[i]];
        }
        double base = score(pipeline, x, labels, metric);
        double[][] drops = new double[features][repeats];
        // inputs in parallel: each shuffles with its own seeded generator, so the result does not depend on the threads
        IntStream.range(0, features).parallel().forEach(j -> {
            Random random = new Random(seed * 31 + j);
            for (int r = 0; r < repeats; r++) {
                Object[] column = new Object[n];
                for (int i = 0; i < n; i++) column[i] = x[i][j];
                for (int i = n - 1; i > 0; i--) {
                    int k = random.nextInt(i + 1);
                    Object swap = column[i];
                    column[i] = column[k];
                    column[k] = swap;
                }
                Object[][] permuted = new Object[n][];
                for (int i = 0; i < n; i++) {
                    permuted[i] = x[i].clone();
                    permuted[i][j] = column[i];
                }
                drops[j][r] = base - score(pipeline, permuted, labels, metric);
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
        return result;
    }

    private static double score(RegressionPipeline pipeline, Object[][] rows, double[] truth, RegressionMetric metric) {
        double[] predicted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) predicted[i] = pipeline.predict(rows[i]);
        return metric.score(truth, predicted);
    }
}
