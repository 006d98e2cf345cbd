package io.tabml.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * How training rows are rebalanced before fitting; cross-validation picks the one that scores
 * best. RANDOM_OVERSAMPLING draws rows of every smaller class again, at random with replacement,
 * until each class has as many rows as the largest: in expectation what integer class weights
 * inversely proportional to frequency would do, and it works for every learner. None of Smile's
 * learners used here takes per-row or per-class weights in its loss: its random forest's
 * {@code classWeight} only sets how many rows of each class a tree's bootstrap draws (the class's
 * rows divided by its weight, so a down-sampling), and scored at chance in our trials. SMOTE adds
 * synthetic rows ({@link Smote}, SMOTE-NC where there are categorical or missing-indicator columns).
 * An SVM's Platt scaling is fitted on rows held out before rebalancing ({@link ModelSelection#fit}).
 *
 * <p>Reports name a strategy by its {@link #id()}. Reports written before the strategy had its
 * present name call random oversampling {@code class-weights}; {@link #of} reads both.
 */
public enum Imbalance {
    NONE("none"), RANDOM_OVERSAMPLING("random-oversampling"), SMOTE("smote");

    /** The id random oversampling had in reports written before it was named for what it does. */
    static final String LEGACY_RANDOM_OVERSAMPLING_ID = "class-weights";

    private final String id;

    Imbalance(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The strategy of that id, in any case, including the id an older report may hold. */
    public static Imbalance of(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        if (lower.equals(LEGACY_RANDOM_OVERSAMPLING_ID)) return RANDOM_OVERSAMPLING;
        for (Imbalance i : values()) {
            if (i.id.equals(lower)) return i;
        }
        throw new IllegalArgumentException("unknown imbalance strategy '" + id + "'");
    }

    /** Encoded training rows with their labels. */
    record Sample(double[][] x, int[] y) {}

    /** The rows to fit on, every column continuous (see {@link #apply(double[][], int[], int, EncodedColumns, long)}). */
    Sample apply(double[][] x, int[] y, int classes, long seed) {
        return apply(x, y, classes, EncodedColumns.allContinuous(x.length == 0 ? 0 : x[0].length), seed);
    }

    /** The rows to fit on; {@code columns} says which encoded columns SMOTE may interpolate. */
    Sample apply(double[][] x, int[] y, int classes, EncodedColumns columns, long seed) {
        return switch (this) {
            case NONE -> new Sample(x, y);
            case RANDOM_OVERSAMPLING -> oversampleAtRandom(x, y, classes, seed);
            case SMOTE -> Smote.oversample(x, y, classes, columns, seed);
        };
    }

    private static Sample oversampleAtRandom(double[][] x, int[] y, int classes, long seed) {
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
