package io.tabml.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Permutation importance on held-out rows: how much the model's ROC AUC drops when one input's
 * values are shuffled among the rows. It works the same for every algorithm and speaks of the
 * inputs a person sees, not of encoded columns.
 */
public final class FeatureImportance {
    static final int MAX_ROWS = 2000;

    /** An input and the drop in holdout ROC AUC when its values are shuffled. */
    public record Importance(String feature, double importance) {}

    private FeatureImportance() {}

    static List<Importance> of(ModelPipeline pipeline, List<Object[]> rows, int[] truth, long seed) {
        Random random = new Random(seed);
        int n = Math.min(rows.size(), MAX_ROWS);
        List<Object[]> sample = rows.subList(0, n);
        int[] labels = java.util.Arrays.copyOf(truth, n);
        int positive = Math.max(0, pipeline.schema().classes().indexOf(pipeline.schema().positiveClass()));
        double baseline = rocAuc(pipeline, sample, labels, positive);
        List<Importance> result = new ArrayList<>();
        for (int j = 0; j < pipeline.schema().features().size(); j++) {
            List<Object> column = new ArrayList<>();
            for (Object[] row : sample) column.add(row[j]);
            java.util.Collections.shuffle(column, random);
            List<Object[]> permuted = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Object[] copy = sample.get(i).clone();
                copy[j] = column.get(i);
                permuted.add(copy);
            }
            result.add(new Importance(pipeline.schema().features().get(j).name(), baseline - rocAuc(pipeline, permuted, labels, positive)));
        }
        result.sort(Comparator.comparingDouble(Importance::importance).reversed());
        return result;
    }

    private static double rocAuc(ModelPipeline pipeline, List<Object[]> rows, int[] labels, int positive) {
        double[][] probabilities = new double[rows.size()][];
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = pipeline.probabilities(rows.get(i));
        return Metrics.rocAuc(labels, probabilities, positive);
    }
}
