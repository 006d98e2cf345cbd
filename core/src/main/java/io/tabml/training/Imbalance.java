package io.tabml.training;

import java.util.Arrays;
import java.util.Random;

/**
 * How training rows are rebalanced before fitting; cross-validation picks the one that scores
 * best. CLASS_WEIGHTS weighs classes inversely to their frequency by replicating rows of the
 * smaller classes, which is the same as integer class weights in expectation and works for every
 * learner (Smile's own random-forest class weights scored at chance in our trials). SMOTE adds
 * synthetic rows ({@link Smote}).
 */
public enum Imbalance {
    NONE("none"), CLASS_WEIGHTS("class-weights"), SMOTE("smote");

    private final String id;

    Imbalance(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Encoded training rows with their labels. */
    record Sample(double[][] x, int[] y) {}

    /** The rows to fit on. */
    Sample apply(double[][] x, int[] y, int classes, long seed) {
        return switch (this) {
            case NONE -> new Sample(x, y);
            case CLASS_WEIGHTS -> replicate(x, y, classes, seed);
            case SMOTE -> Smote.oversample(x, y, classes, seed);
        };
    }

    private static Sample replicate(double[][] x, int[] y, int classes, long seed) {
        int[] counts = Splits.classCounts(y, classes);
        int largest = Arrays.stream(counts).max().orElse(0);
        int total = classes * largest;
        double[][] rows = Arrays.copyOf(x, total);
        int[] labels = Arrays.copyOf(y, total);
        Random random = new Random(seed);
        int next = x.length;
        for (int c = 0; c < classes; c++) {
            int label = c;
            int[] members = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == label).toArray();
            for (int extra = counts[c]; extra < largest && members.length > 0; extra++) {
                int pick = members[random.nextInt(members.length)];
                rows[next] = x[pick];
                labels[next++] = c;
            }
        }
        return new Sample(Arrays.copyOf(rows, next), Arrays.copyOf(labels, next));
    }
}
