package io.tabml.training;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What each column of a fitted {@link FeatureEncoder}'s output is: a standardised number
 * ({@link #continuous()}), including the ordered column of a range category, or part of a nominal
 * group whose columns are 0/1 with at most one 1 per row ({@link #nominal()}): the one-hot columns
 * of a category, or the "was missing" column of a number. SMOTE-NC ({@link Smote}) interpolates
 * only the continuous columns, and random-forest {@code mtry} counts {@link #features()}, the
 * inputs a person sees, not the one-hot width.
 *
 * <p>Found through the encoder's public {@link FeatureEncoder#encode(Object[])} alone: every
 * category of a feature, and a missing and two present values of every number, are encoded
 * against a row of missing values, and the columns that change are that feature's. So it agrees
 * with the encoder by construction, whatever columns the encoder chooses to write.
 *
 * @param width      the encoded row's length
 * @param features   the number of raw input features
 * @param continuous the continuous columns, ascending
 * @param nominal    the nominal groups: a one-hot group's columns, or a missing indicator's one column
 * @param imputedOf  for each missing-indicator column, the value its number's column holds when the number is missing (else NaN)
 * @param valueOf    for each missing-indicator column, the column of its number (else -1)
 */
record EncodedColumns(int width, int features, int[] continuous, List<int[]> nominal, double[] imputedOf, int[] valueOf) {
    /** Every column continuous: for rows that come from no encoder (tests, plain matrices). */
    static EncodedColumns allContinuous(int width) {
        return new EncodedColumns(width, width, java.util.stream.IntStream.range(0, width).toArray(), List.of(),
                filled(width, Double.NaN), filled(width, -1));
    }

    /** The columns of this encoder's output, for rows of this schema. */
    static EncodedColumns of(FeatureEncoder encoder, InputSchema schema) {
        List<FeatureSchema> features = schema.features();
        Object[] missing = new Object[features.size()];
        double[] base = encoder.encode(missing);
        int width = base.length;
        boolean[] isNominal = new boolean[width];
        double[] imputedOf = filled(width, Double.NaN);
        int[] valueOf = filled(width, -1);
        List<int[]> nominal = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            FeatureSchema feature = features.get(j);
            if (feature.type() == FeatureType.NUMERIC) {
                double[] zero = encodeWith(encoder, missing, j, 0.0);
                double[] one = encodeWith(encoder, missing, j, 1.0);
                int value = -1;
                for (int c = 0; c < width; c++) if (zero[c] != one[c]) value = c;
                for (int c = 0; c < width; c++) {
                    if (c != value && zero[c] != base[c]) { // a column that only says whether the number was there
                        isNominal[c] = true;
                        nominal.add(new int[] {c});
                        if (value >= 0) {
                            imputedOf[c] = base[value];
                            valueOf[c] = value;
                        }
                    }
                }
            } else {
                // a one-hot column is 0 for a missing value and 1 for exactly one category; any other
                // column the categories change is a number they map to (an ordered range's midpoint)
                int[] setBy = new int[width];
                boolean[] zeroOrOne = new boolean[width];
                Arrays.fill(zeroOrOne, true);
                for (FeatureSchema.CategoryCount category : feature.categories()) {
                    double[] encoded = encodeWith(encoder, missing, j, category.value());
                    for (int c = 0; c < width; c++) {
                        if (encoded[c] == base[c]) continue;
                        if (encoded[c] == 1) setBy[c]++;
                        else zeroOrOne[c] = false;
                    }
                }
                List<Integer> group = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    if (base[c] == 0 && zeroOrOne[c] && setBy[c] == 1) group.add(c);
                }
                if (!group.isEmpty()) {
                    int[] columns = group.stream().mapToInt(Integer::intValue).sorted().toArray();
                    for (int c : columns) isNominal[c] = true;
                    nominal.add(columns);
                }
            }
        }
        int[] continuous = java.util.stream.IntStream.range(0, width).filter(c -> !isNominal[c]).toArray();
        return new EncodedColumns(width, features.size(), continuous, List.copyOf(nominal), imputedOf, valueOf);
    }

    private static double[] encodeWith(FeatureEncoder encoder, Object[] missing, int j, Object value) {
        Object[] row = missing.clone();
        row[j] = value;
        return encoder.encode(row);
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
