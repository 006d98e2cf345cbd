package io.tabml.training;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a row of raw feature values into the numbers a classifier sees: a numeric value is
 * imputed with its training median (plus a 0/1 "was missing" column when training data had
 * gaps) and standardised; a category becomes one-hot columns, and a category never seen in
 * training (or a missing one) becomes all zeros. Fitted on training rows only.
 *
 * <p>A raw row holds, per feature in schema order, a {@code Double} for a numeric feature, a
 * {@code String} for a categorical one, or {@code null} when the value is missing.
 */
public final class FeatureEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FeatureType[] types;
    private final double[] median;
    private final double[] mean;
    private final double[] scale;
    private final boolean[] missingIndicator;
    private final Map<String, Integer>[] categoryIndex;
    private final int[] offset;
    private final int width;
    private final String[] outputNames;

    @SuppressWarnings("unchecked")
    private FeatureEncoder(InputSchema schema, Object[][] rows, int[] trainRows) {
        int p = schema.features().size();
        types = new FeatureType[p];
        median = new double[p];
        mean = new double[p];
        scale = new double[p];
        missingIndicator = new boolean[p];
        categoryIndex = new Map[p];
        offset = new int[p];
        List<String> names = new ArrayList<>();
        int column = 0;
        for (int j = 0; j < p; j++) {
            FeatureSchema feature = schema.features().get(j);
            types[j] = feature.type();
            offset[j] = column;
            if (feature.type() == FeatureType.NUMERIC) {
                fitNumeric(j, rows, trainRows);
                names.add(feature.name());
                column++;
                if (missingIndicator[j]) {
                    names.add(feature.name() + " (missing)");
                    column++;
                }
            } else {
                categoryIndex[j] = new HashMap<>();
                for (FeatureSchema.CategoryCount category : feature.categories()) {
                    categoryIndex[j].put(category.value(), categoryIndex[j].size());
                    names.add(feature.name() + "=" + category.value());
                }
                column += categoryIndex[j].size();
            }
        }
        width = column;
        outputNames = names.toArray(String[]::new);
    }

    /** Fits the encoder on the given training rows of {@code rows}. */
    public static FeatureEncoder fit(InputSchema schema, Object[][] rows, int[] trainRows) {
        return new FeatureEncoder(schema, rows, trainRows);
    }

    public int width() {
        return width;
    }

    /** Names of the encoded columns, e.g. {@code age}, {@code age (missing)}, {@code region=north}. */
    public String[] outputNames() {
        return outputNames.clone();
    }

    public double[] encode(Object[] row) {
        double[] x = new double[width];
        for (int j = 0; j < types.length; j++) {
            Object value = row[j];
            if (types[j] == FeatureType.NUMERIC) {
                boolean missing = value == null;
                double v = missing ? median[j] : (Double) value;
                x[offset[j]] = (v - mean[j]) / scale[j];
                if (missingIndicator[j]) x[offset[j] + 1] = missing ? 1 : 0;
            } else if (value != null) {
                Integer k = categoryIndex[j].get((String) value);
                if (k != null) x[offset[j] + k] = 1;
            }
        }
        return x;
    }

    private void fitNumeric(int j, Object[][] rows, int[] trainRows) {
        double[] present = new double[trainRows.length];
        int n = 0;
        for (int i : trainRows) {
            if (rows[i][j] != null) present[n++] = (Double) rows[i][j];
        }
        missingIndicator[j] = n < trainRows.length;
        java.util.Arrays.sort(present, 0, n);
        median[j] = n == 0 ? 0 : (n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2);
        double sum = 0, sumSq = 0;
        for (int i : trainRows) {
            double v = rows[i][j] == null ? median[j] : (Double) rows[i][j];
            sum += v;
            sumSq += v * v;
        }
        mean[j] = sum / trainRows.length;
        double variance = Math.max(0, sumSq / trainRows.length - mean[j] * mean[j]);
        scale[j] = variance > 1e-24 ? Math.sqrt(variance) : 1;
    }
}
