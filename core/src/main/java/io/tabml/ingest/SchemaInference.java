package io.tabml.ingest;

import io.tabml.data.Column;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Numbers;
import io.tabml.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the column types and statistics of a table: a column whose every present value is a
 * finite number is numeric (an infinity there counts as a missing value, as training reads it),
 * two spellings of true/false make a boolean, anything else is categorical. Columns that cannot inform a prediction are dropped and reported: constant,
 * all-missing, and id-like ones (a distinct text per row, more categories than
 * {@link #MAX_CATEGORIES}, or a row number: see {@link #numericIdReason}).
 *
 * <p>Training infers the schema on its training rows only, so that nothing of a holdout (its
 * categories, its medians, its class counts) shapes the model that is then scored on it.
 */
public final class SchemaInference {
    /** More distinct values than this and a text column is treated as an identifier, not a category. */
    public static final int MAX_CATEGORIES = 1000;
    /**
     * Fewer present values than this and no numeric column is called a row number. Small hand-made
     * files number their examples in real features (ages 20, 21, ... 39 in a file of 20 rows), and
     * a wrong call drops a real input, or rejects a file whose only input it is; a text column needs
     * 20 (a different text in every row).
     */
    static final int MIN_NUMERIC_ID_ROWS = 50;
    /**
     * A column of distinct whole numbers is a row number when they fill at least this share of the
     * evenly spaced sequence from the smallest to the largest (a row number with a 20% holdout taken
     * out fills 80%).
     */
    static final double MIN_ID_FILL = 0.5;
    private static final java.util.Set<java.util.Set<String>> BOOLEAN_SPELLINGS = java.util.Set.of(
            java.util.Set.of("true", "false"), java.util.Set.of("yes", "no"), java.util.Set.of("y", "n"), java.util.Set.of("t", "f"));

    private SchemaInference() {}

    /** @param classCounts the target's classes and their rows; empty for a regression, whose schema has no classes */
    public static InputSchema infer(Table table, Target target, Map<String, Long> classCounts) {
        List<FeatureSchema> features = new ArrayList<>();
        List<InputSchema.DroppedColumn> dropped = new ArrayList<>();
        for (int c = 0; c < table.names().size(); c++) {
            String name = table.names().get(c);
            if (name.equals(target.column())) continue;
            Column values = table.columns().get(c);
            FeatureSchema feature = describe(name, values);
            String whyDrop = dropReason(feature, values);
            if (whyDrop != null) dropped.add(new InputSchema.DroppedColumn(name, whyDrop));
            else features.add(feature);
        }
        if (features.isEmpty()) {
            throw new DatasetRejectedException("no_features", "no usable feature column: " + dropped);
        }
        List<String> classes = classCounts.keySet().stream().sorted().toList();
        // a class with no row here (one only a separate test file has) cannot be the minority class; a regression has no classes
        String positive = target.positiveClass() != null || classCounts.isEmpty() ? target.positiveClass()
                : classCounts.entrySet().stream().filter(e -> e.getValue() > 0).min(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        return new InputSchema(features, target.column(), classes, positive, dropped);
    }

    /** One column's type and statistics. */
    public static FeatureSchema describe(String name, Column values) {
        long missing = 0, infinite = 0;
        int rows = values.size();
        double[] numbers = new double[rows];
        int n = 0;
        boolean numeric = true;
        for (int i = 0; i < rows && numeric; i++) {
            if (values.missing(i)) {
                missing++;
                continue;
            }
            double d = values.number(i);
            if (!Double.isNaN(d)) numbers[n++] = d;
            else if (Numbers.isInfinite(values.text(i))) infinite++;
            else numeric = false;
        }
        if (numeric && n > 0) {
            double[] present = Arrays.copyOf(numbers, n);
            Arrays.sort(present);
            // an infinity is no finite number: in a numeric column it is a missing value (as training and imputation read it)
            return new FeatureSchema(name, FeatureType.NUMERIC, missing + infinite, present[0], present[n - 1], median(present, n), null);
        }
        missing = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            if (values.missing(i)) missing++;
            else counts.merge(values.text(i), 1L, Long::sum);
        }
        List<FeatureSchema.CategoryCount> categories = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new FeatureSchema.CategoryCount(e.getKey(), e.getValue()))
                .toList();
        java.util.Set<String> lowered = new java.util.HashSet<>();
        counts.keySet().forEach(v -> lowered.add(v.toLowerCase(java.util.Locale.ROOT)));
        FeatureType type = counts.size() == 2 && BOOLEAN_SPELLINGS.contains(lowered) ? FeatureType.BOOLEAN : FeatureType.CATEGORICAL;
        return new FeatureSchema(name, type, missing, null, null, null, categories);
    }

    /**
     * The median of the first {@code n} (at least one) values of a sorted array. The middle two are
     * halved before they are added, so that numbers near Double.MAX_VALUE cannot overflow.
     */
    public static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
    }

    private static String dropReason(FeatureSchema f, Column values) {
        int rows = values.size();
        if (f.missing() == rows) return "all values missing";
        boolean constant = f.type() == FeatureType.NUMERIC ? f.min().equals(f.max()) : f.categories().size() < 2;
        if (constant && f.missing() == 0) return "constant";
        if (f.type() == FeatureType.CATEGORICAL) {
            int distinct = f.categories().size();
            long present = rows - f.missing();
            if (distinct > MAX_CATEGORIES) return "id-like: " + distinct + " distinct values (more than " + MAX_CATEGORIES + ")";
            if (present >= 20 && distinct == present) return "id-like: a different value in every row";
        }
        if (f.type() == FeatureType.NUMERIC) return numericIdReason(values);
        return null;
    }

    /**
     * Why a numeric column is a row number or another enumeration of the rows, or null when it may
     * be a real feature. Such a column leaks the label when the file is sorted by class, and says
     * nothing of a new row. The rule is conservative: at least {@link #MIN_NUMERIC_ID_ROWS} present
     * values, every one a whole number, no two alike, and together they fill at least
     * {@link #MIN_ID_FILL} of the evenly spaced sequence from the smallest to the largest, with the
     * smallest gap between two of them as its step (1, 2, 3, ... with some rows held out; 10, 20, 30, ...).
     *
     * <p>A measured quantity almost never qualifies: whole numbers drawn from a range collide long
     * before they fill half of it (50 uniform draws from 98 values are all distinct with a chance of
     * 2e-7), and a measurement with decimals, repeats, or wide irregular gaps (a mileage, an amount,
     * a timestamp) is kept. Monotone order in the file alone is not taken as evidence, since a file
     * sorted by a timestamp or an amount is monotone too. What is dropped besides row numbers are
     * ranks within the file (1..n in any order) and one-row-per-period indices (week 1..104),
     * which cannot be computed for a new row either.
     */
    static String numericIdReason(Column values) {
        long[] numbers = new long[values.size()];
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.missing(i)) continue;
            double d = values.number(i);
            if (Double.isNaN(d) || d != Math.rint(d) || Math.abs(d) > 1L << 53) return null;
            numbers[n++] = (long) d;
        }
        if (n < MIN_NUMERIC_ID_ROWS) return null;
        long[] sorted = Arrays.copyOf(numbers, n);
        Arrays.sort(sorted);
        long step = Long.MAX_VALUE;
        for (int i = 1; i < n; i++) {
            long gap = sorted[i] - sorted[i - 1];
            if (gap == 0) return null; // a repeated value: no enumeration of the rows
            step = Math.min(step, gap);
        }
        double span = (double) sorted[n - 1] - sorted[0];
        double fill = (n - 1) * (double) step / span;
        if (fill < MIN_ID_FILL) return null;
        return String.format(java.util.Locale.ROOT,
                "id-like: a different whole number in every row, %.0f%% of the sequence from %d to %d in steps of %d (a row number?)",
                100 * fill, sorted[0], sorted[n - 1], step);
    }
}
