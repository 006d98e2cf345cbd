package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Permutation importance on rows the model was not trained on: how much the selection metric
 * drops when one input's values are shuffled among the rows. It works the same for every
 * algorithm and speaks of the inputs a person sees, not of encoded columns.
 *
 * <p>The rows are a stratified random sample of at most {@link #MAX_ROWS} (every class keeps its
 * share, whatever the order of the file), each input is shuffled {@link #REPEATS} times, and an
 * importance is the mean drop with its standard deviation over the shuffles. The drop is in the
 * selection metric, turned so that a positive drop always means the input helps: ROC AUC, PR AUC
 * and log loss of the probabilities; F1 and accuracy of the classes the model decides (its
 * threshold), as the reported metrics are. Each row is scored by the model that did not see it:
 * the final model on a holdout, or its fold's model under cross-validated evaluation.
 *
 * <p>It costs inputs x shuffles predictions per sampled row, which for a large ensemble and a wide
 * table is minutes: scoring the sample once is timed, and when the whole would take longer than
 * the allowance the sample shrinks to fit (to no fewer than {@link #MIN_ROWS} rows), and says so.
 */
public final class FeatureImportance {
    static final int MAX_ROWS = 2000;
    /** The fewest rows the sample shrinks to when the time allowance is short. */
    static final int MIN_ROWS = 500;
    static final int REPEATS = 5;

    /**
     * An input and the drop in the selection metric when its values are shuffled: the mean over the
     * shuffles, their standard deviation and how many there were (absent in reports written when one
     * shuffle was all, whose importance is the drop in holdout ROC AUC).
     */
    public record Importance(String feature, double importance, @JsonInclude(JsonInclude.Include.NON_NULL) Double spread,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer repeats) {}

    private FeatureImportance() {}

    /** The importances, how many rows they were measured on, and a note when the sample was cut to the time allowance. */
    record Result(List<Importance> importances, int rows, String note) {}

    /** On held-out rows, all scored by one model. */
    static Result of(ModelPipeline pipeline, List<Object[]> rows, int[] truth, Metric metric, long seed, Duration allowance) {
        return of(List.of(pipeline), new int[rows.size()], rows, truth, metric, seed, allowance);
    }

    /**
     * @param models    the models that score the rows
     * @param modelOf   for each row, the index of the model that did not see it
     * @param allowance about how long the shuffles may take
     */
    static Result of(List<ModelPipeline> models, int[] modelOf, List<Object[]> rows, int[] truth, Metric metric, long seed,
                     Duration allowance) {
        ModelPipeline first = models.get(0);
        int classes = first.schema().classes().size();
        int positive = Math.max(0, first.schema().classes().indexOf(first.schema().positiveClass()));
        int features = first.schema().features().size();
        int[] sample = Splits.stratifiedSample(IntStream.range(0, rows.size()).toArray(), truth, classes, MAX_ROWS, seed);
        long start = System.nanoTime();
        double baseline = score(metric, models, modelOf, rows, truth, sample, positive, classes);
        double secondsPerPass = (System.nanoTime() - start) / 1e9;
        int threads = Math.max(1, Math.min(features, Runtime.getRuntime().availableProcessors()));
        double expected = secondsPerPass * features * REPEATS / threads;
        String note = null;
        if (expected > allowance.toMillis() / 1000.0 && sample.length > MIN_ROWS) {
            int fewer = (int) Math.max(MIN_ROWS, sample.length * allowance.toMillis() / 1000.0 / expected);
            sample = Splits.stratifiedSample(sample, truth, classes, fewer, seed);
            baseline = score(metric, models, modelOf, rows, truth, sample, positive, classes);
            note = String.format(java.util.Locale.ROOT, "feature importance was measured on a stratified sample of %d of %d evaluated rows, "
                    + "to keep its %d x %d shuffles near %d s", sample.length, rows.size(), features, REPEATS, allowance.toSeconds());
        }
        int n = sample.length;
        Object[][] x = new Object[n][];
        int[] labels = new int[n];
        ModelPipeline[] scorer = new ModelPipeline[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(sample[i]);
            labels[i] = truth[sample[i]];
            scorer[i] = models.get(modelOf[sample[i]]);
        }
        double base = baseline;
        // inputs in parallel: each shuffles with its own seeded generator, so the result does not depend on the threads
        double[][] drops = new double[features][REPEATS];
        IntStream.range(0, features).parallel().forEach(j -> {
            Random random = new Random(seed * 31 + j);
            for (int r = 0; r < REPEATS; r++) {
                Object[] column = new Object[n];
                for (int i = 0; i < n; i++) column[i] = x[i][j];
                shuffle(column, random);
                Object[][] permuted = new Object[n][];
                for (int i = 0; i < n; i++) {
                    permuted[i] = x[i].clone();
                    permuted[i][j] = column[i];
                }
                drops[j][r] = base - score(metric, scorer, permuted, labels, positive, classes);
            }
        });
        List<Importance> result = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            double mean = java.util.Arrays.stream(drops[j]).average().orElse(0);
            double squares = java.util.Arrays.stream(drops[j]).map(d -> (d - mean) * (d - mean)).sum();
            result.add(new Importance(first.schema().features().get(j).name(), mean, Math.sqrt(squares / (REPEATS - 1)), REPEATS));
        }
        result.sort(Comparator.comparingDouble(Importance::importance).reversed());
        return new Result(result, n, note);
    }

    private static double score(Metric metric, List<ModelPipeline> models, int[] modelOf, List<Object[]> rows, int[] truth, int[] sample,
                                int positive, int classes) {
        ModelPipeline[] scorer = new ModelPipeline[sample.length];
        Object[][] x = new Object[sample.length][];
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            scorer[i] = models.get(modelOf[sample[i]]);
            x[i] = rows.get(sample[i]);
            labels[i] = truth[sample[i]];
        }
        return score(metric, scorer, x, labels, positive, classes);
    }

    /** The selection metric on these rows, higher is better: of the probabilities, or of the decided classes for F1 and accuracy. */
    static double score(Metric metric, ModelPipeline[] scorer, Object[][] rows, int[] labels, int positive, int classes) {
        double[][] probabilities = new double[rows.length][];
        int[] decided = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            probabilities[i] = scorer[i].probabilities(rows[i]);
            decided[i] = scorer[i].decide(probabilities[i]);
        }
        double value = RepeatedCrossValidation.reported(metric, labels, probabilities, decided, positive, classes);
        return metric.higherIsBetter() ? value : -value;
    }

    private static void shuffle(Object[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            Object swap = values[i];
            values[i] = values[k];
            values[k] = swap;
        }
    }
}
