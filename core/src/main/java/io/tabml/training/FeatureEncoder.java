package io.tabml.training;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns a row of raw feature values into the numbers a classifier sees: a numeric value is
 * imputed with its training median (plus a 0/1 "was missing" column when training data had
 * gaps) and standardised; a category becomes one-hot columns for the {@link #MAX_ONE_HOT} most
 * frequent categories, and any other category, one never seen in training, or a missing one,
 * becomes all zeros (the "unseen" path). Fitted on training rows only.
 *
 * <p>A raw row holds, per feature in schema order, a {@code Double} for a numeric feature, a
 * {@code String} for a categorical or boolean one, or {@code null} when the value is missing.
 */
public final class FeatureEncoder implements Serializable {
    private static final long serialVersionUID = 2L;
    static final int MAX_ONE_HOT = 50;

    private final boolean[] numeric;
    private final double[] median;
    private final double[] mean;
    private final double[] scale;
    private final boolean[] missingIndicator;
    private final Map<String, Integer>[] categoryIndex;
    private final int[] offset;
    private final int width;

    @SuppressWarnings("unchecked")
    private FeatureEncoder(RawData data, int[] trainRows) {
        InputSchema schema = data.schema();
        int p = schema.features().size();
        numeric = new boolean[p];
        median = new double[p];
        mean = new double[p];
        scale = new double[p];
        missingIndicator = new boolean[p];
        categoryIndex = new Map[p];
        offset = new int[p];
        int column = 0;
        for (int j = 0; j < p; j++) {
            FeatureSchema feature = schema.features().get(j);
            numeric[j] = feature.type() == FeatureType.NUMERIC;
            offset[j] = column;
            if (numeric[j]) {
                fitNumeric(j, data, trainRows);
                column++;
                if (missingIndicator[j]) column++;
            } else {
                // schema categories are most frequent first: keep the head, the tail takes the unseen path
                categoryIndex[j] = new java.util.HashMap<>();
                for (FeatureSchema.CategoryCount category : feature.categories()) {
                    if (categoryIndex[j].size() == MAX_ONE_HOT) break;
                    categoryIndex[j].put(category.value(), categoryIndex[j].size());
                }
                column += categoryIndex[j].size();
            }
        }
        width = column;
    }

    /** Fits the encoder on the given rows of the data. */
    public static FeatureEncoder fit(RawData data, int[] trainRows) {
        return new FeatureEncoder(data, trainRows);
    }

    /** Encodes a raw row given at predict time. */
    public double[] encode(Object[] row) {
        double[] x = new double[width];
        for (int j = 0; j < numeric.length; j++) {
            Object value = row[j];
            if (numeric[j]) putNumber(j, value == null ? Double.NaN : (Double) value, x);
            else putCategory(j, value == null ? null : categoryIndex[j].get((String) value), x);
        }
        return x;
    }

    /** Encodes the given rows of the training data. */
    public double[][] encode(RawData data, int[] rows) {
        double[][] x = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            int i = rows[r];
            double[] out = new double[width];
            for (int j = 0; j < numeric.length; j++) {
                if (numeric[j]) putNumber(j, data.number(j, i), out);
                else putCategory(j, oneHotIndex(j, data.code(j, i)), out);
            }
            x[r] = out;
        }
        return x;
    }

    /**
     * The value feature j is measured against when a prediction is explained: the training median
     * a missing number is imputed with, or the most frequent training category (null when the
     * feature had none). One source for imputation and explanations, fitted on the same rows.
     */
    Object baseline(int j) {
        if (numeric[j]) return median[j];
        for (Map.Entry<String, Integer> category : categoryIndex[j].entrySet()) {
            if (category.getValue() == 0) return category.getKey();
        }
        return null;
    }

    private void putNumber(int j, double value, double[] out) {
        boolean missing = Double.isNaN(value);
        double v = missing ? median[j] : value;
        double z = (v - mean[j]) / scale[j];
        // the difference of two huge numbers of opposite signs overflows; divided first, it does not
        out[offset[j]] = Double.isInfinite(z) ? v / scale[j] - mean[j] / scale[j] : z;
        if (missingIndicator[j]) out[offset[j] + 1] = missing ? 1 : 0;
    }

    private void putCategory(int j, Integer index, double[] out) {
        if (index != null) out[offset[j] + index] = 1;
    }

    /** A schema category code as this encoder's one-hot index: codes past the kept head take the unseen path. */
    private Integer oneHotIndex(int j, int code) {
        return code >= 0 && code < categoryIndex[j].size() ? code : null;
    }

    private void fitNumeric(int j, RawData data, int[] trainRows) {
        double[] present = new double[trainRows.length];
        int n = 0;
        for (int i : trainRows) {
            double v = data.number(j, i);
            if (!Double.isNaN(v)) present[n++] = v;
        }
        missingIndicator[j] = n < trainRows.length;
        Arrays.sort(present, 0, n);
        median[j] = n == 0 ? 0 : SchemaInference.median(present, n);
        // sums run on values divided by the largest magnitude, so numbers near Double.MAX_VALUE (1e308) cannot overflow them
        double magnitude = n == 0 ? 0 : Math.max(Math.abs(present[0]), Math.abs(present[n - 1]));
        if (magnitude == 0) magnitude = 1;
        double sum = 0, sumSq = 0;
        for (int i : trainRows) {
            double v = data.number(j, i);
            if (Double.isNaN(v)) v = median[j];
            sum += v / magnitude;
            sumSq += (v / magnitude) * (v / magnitude);
        }
        double meanOfScaled = sum / trainRows.length;
        double varianceOfScaled = Math.max(0, sumSq / trainRows.length - meanOfScaled * meanOfScaled);
        mean[j] = meanOfScaled * magnitude;
        double deviation = Math.sqrt(varianceOfScaled) * magnitude;
        scale[j] = deviation > 1e-12 ? deviation : 1;
    }
}
