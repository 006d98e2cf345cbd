package io.tabml.training;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a row of raw feature values into the numbers a classifier sees: a numeric value is
 * imputed with its training median (plus a 0/1 "was missing" column when training data had
 * gaps) and standardised; a category becomes one-hot columns for the {@link #MAX_ONE_HOT} most
 * frequent categories, and any other category, one never seen in training, or a missing one,
 * becomes all zeros (the "unseen" path). Fitted on training rows only.
 *
 * <p>Ordered categories: when every training category of a feature is a number range such as
 * {@code "10-14"}, or a bare number, or an open top such as {@code "70+"} (see {@link #rangeValue}),
 * the feature also gets one numeric column after its one-hot columns: the category's midpoint (the
 * open top's lower bound), imputed with the training median when missing or not a range, and
 * standardised like a number. Why: binned quantities (age "40-49", tumour size "10-14", nodes
 * "0-2") carry an order that one-hot columns throw away; on few rows each bin has few rows of its
 * own, so a learner cannot find the trend bin by bin, while one ordered column gives it in one
 * coefficient or one split, and a range never seen in training still lands where it belongs. The
 * one-hot columns stay, so nothing a learner could use before is lost. Only ranges qualify: a
 * number inside a name ({@code "site3"}) may be a label, not a quantity.
 *
 * <p>A raw row holds, per feature in schema order, a {@code Double} for a numeric feature, a
 * {@code String} for a categorical or boolean one, or {@code null} when the value is missing.
 */
public final class FeatureEncoder implements Serializable {
    private static final long serialVersionUID = 2L;
    static final int MAX_ONE_HOT = 50;

    /** A number range, a bare number, or an open top ("70+"); non-negative, as bins of a quantity are. */
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:(-)\\s*(\\d+(?:\\.\\d+)?)|\\+)?\\s*");

    private final boolean[] numeric;
    private final double[] median;
    private final double[] mean;
    private final double[] scale;
    private final boolean[] missingIndicator;
    private final Map<String, Integer>[] categoryIndex;
    private final int[] offset;
    private final int width;
    /**
     * For a categorical feature whose categories are ranges, the value of each schema category code
     * ({@link #rangeValue}); null for other features, and for the whole array in models fitted before
     * ordered categories, which stay as they were fitted.
     */
    private final double[][] orderedValue;

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
        orderedValue = new double[p][];
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
                orderedValue[j] = rangeValues(feature);
                if (orderedValue[j] != null) {
                    double[] values = orderedValue[j];
                    int f = j;
                    fitScale(j, i -> data.code(f, i) < 0 ? Double.NaN : values[data.code(f, i)], trainRows);
                    column++;
                }
            }
        }
        width = column;
    }

    /** How many columns a row encodes to. */
    int width() {
        return width;
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
            else {
                putCategory(j, value == null ? null : categoryIndex[j].get((String) value), x);
                if (ordered(j)) putOrdered(j, value == null ? Double.NaN : rangeValue((String) value), x);
            }
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
                else {
                    int code = data.code(j, i);
                    putCategory(j, oneHotIndex(j, code), out);
                    if (ordered(j)) putOrdered(j, code < 0 ? Double.NaN : orderedValue[j][code], out);
                }
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
        out[offset[j]] = standardised(j, missing ? median[j] : value);
        if (missingIndicator[j]) out[offset[j] + 1] = missing ? 1 : 0;
    }

    private double standardised(int j, double v) {
        double z = (v - mean[j]) / scale[j];
        // the difference of two huge numbers of opposite signs overflows; divided first, it does not
        return Double.isInfinite(z) ? v / scale[j] - mean[j] / scale[j] : z;
    }

    /** Whether categorical feature j has the ordered column (never in a model fitted before it existed). */
    private boolean ordered(int j) {
        return orderedValue != null && orderedValue[j] != null;
    }

    /** The ordered column after the one-hot ones: the range's value, or the training median when missing or not a range. */
    private void putOrdered(int j, double value, double[] out) {
        out[offset[j] + categoryIndex[j].size()] = standardised(j, Double.isNaN(value) ? median[j] : value);
    }

    /**
     * The number a category stands for when it is a range: the midpoint of {@code "a-b"} (a <= b),
     * the number itself, or the lower bound of an open top {@code "a+"}; NaN for anything else.
     */
    static double rangeValue(String category) {
        Matcher m = RANGE.matcher(category);
        if (!m.matches()) return Double.NaN;
        double low = Double.parseDouble(m.group(1));
        if (m.group(2) == null) return low; // a bare number or an open top
        double high = Double.parseDouble(m.group(3));
        return low <= high ? (low + high) / 2 : Double.NaN;
    }

    /**
     * Each category's {@link #rangeValue}, in schema order, when every category is a range and they
     * are not all the same number; else null. (A column of bare numbers alone is numeric already.)
     */
    static double[] rangeValues(FeatureSchema feature) {
        double[] values = new double[feature.categories().size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = rangeValue(feature.categories().get(c).value());
            if (Double.isNaN(values[c])) return null;
        }
        return Arrays.stream(values).distinct().count() >= 2 ? values : null;
    }

    private void putCategory(int j, Integer index, double[] out) {
        if (index != null) out[offset[j] + index] = 1;
    }

    /** A schema category code as this encoder's one-hot index: codes past the kept head take the unseen path. */
    private Integer oneHotIndex(int j, int code) {
        return code >= 0 && code < categoryIndex[j].size() ? code : null;
    }

    private void fitNumeric(int j, RawData data, int[] trainRows) {
        missingIndicator[j] = fitScale(j, i -> data.number(j, i), trainRows);
    }

    /**
     * Fits feature j's median (imputation), mean and scale from its value on each training row (NaN
     * when missing); says whether any was missing.
     */
    private boolean fitScale(int j, java.util.function.IntToDoubleFunction valueOf, int[] trainRows) {
        double[] present = new double[trainRows.length];
        int n = 0;
        for (int i : trainRows) {
            double v = valueOf.applyAsDouble(i);
            if (!Double.isNaN(v)) present[n++] = v;
        }
        Arrays.sort(present, 0, n);
        median[j] = n == 0 ? 0 : SchemaInference.median(present, n);
        // sums run on values divided by the largest magnitude, so numbers near Double.MAX_VALUE (1e308) cannot overflow them
        double magnitude = n == 0 ? 0 : Math.max(Math.abs(present[0]), Math.abs(present[n - 1]));
        if (magnitude == 0) magnitude = 1;
        double sum = 0, sumSq = 0;
        for (int i : trainRows) {
            double v = valueOf.applyAsDouble(i);
            if (Double.isNaN(v)) v = median[j];
            sum += v / magnitude;
            sumSq += (v / magnitude) * (v / magnitude);
        }
        double meanOfScaled = sum / trainRows.length;
        double varianceOfScaled = Math.max(0, sumSq / trainRows.length - meanOfScaled * meanOfScaled);
        mean[j] = meanOfScaled * magnitude;
        double deviation = Math.sqrt(varianceOfScaled) * magnitude;
        scale[j] = deviation > 1e-12 ? deviation : 1;
        return n < trainRows.length;
    }
}
