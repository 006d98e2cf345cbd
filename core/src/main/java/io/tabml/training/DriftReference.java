package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.data.Column;
import io.tabml.data.Missing;
import io.tabml.data.Numbers;
import io.tabml.data.Table;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import smile.stat.distribution.ChiSquareDistribution;
import smile.stat.hypothesis.ChiSqTest;

/**
 * What monitoring compares live traffic with, recorded by the trainer in the version's metadata: per
 * feature, how its training rows spread over bins (numbers: between their deciles; categories: each
 * category the model knows, then any other, then missing), and how the model's predicted
 * probabilities (a classifier) or predicted values (a regressor) spread over the rows it was evaluated
 * on. Live rows are counted into the same bins ({@link Histogram#bin}) and compared by
 * {@link Histogram#compare}.
 *
 * @param trainRows      the rows the feature histograms count
 * @param evaluatedRows  the rows the probability or prediction histograms count (the holdout, or
 *                       every row under repeated cross-validation: out-of-fold probabilities)
 * @param probabilities  a classifier's: one histogram per class, named after it (for two classes the
 *                       positive class's alone); empty for a regressor
 * @param prediction     a regressor's predicted values on its holdout ({@value #PREDICTED_VALUE}); null for a classifier
 */
public record DriftReference(int trainRows, List<Histogram> features, int evaluatedRows, List<Histogram> probabilities,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Histogram prediction) {
    /** The name of a class's probability histogram is this and the class. */
    static final String PROBABILITY_OF = "probability of ";
    /** The name of a regressor's prediction histogram. */
    public static final String PREDICTED_VALUE = "predicted value";
    /** Numbers are cut at these quantiles of their training values (ties merge bins). */
    static final int QUANTILE_BINS = 10;

    /**
     * One variable's bins and the reference rows in each: {@code counts} holds one count per value
     * bin (numbers: {@code edges.size() + 1} bins, bin j holding values above edge j-1 and up to
     * edge j; categories: one per name in {@code categories}), then, for categories, values the
     * model does not know ({@code other}), then missing values.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Histogram(String name, FeatureType type, List<Double> edges, List<String> categories, long[] counts, long other,
                            long missing) {
        /** Bins in {@link #allCounts()} order: the value bins, then other (categories only), then missing. */
        @JsonIgnore
        public int bins() {
            return counts.length + (type == FeatureType.CATEGORICAL ? 1 : 0) + 1;
        }

        /** Equal when every part is, the counts by content (a record compares arrays by reference). */
        @Override
        public boolean equals(Object that) {
            return that instanceof Histogram h && name.equals(h.name) && type == h.type && Objects.equals(edges, h.edges)
                    && Objects.equals(categories, h.categories) && Arrays.equals(counts, h.counts) && other == h.other
                    && missing == h.missing;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, edges, categories, Arrays.hashCode(counts), other, missing);
        }

        @Override
        public String toString() {
            return "Histogram[name=" + name + ", type=" + type + ", edges=" + edges + ", categories=" + categories + ", counts="
                    + Arrays.toString(counts) + ", other=" + other + ", missing=" + missing + "]";
        }

        /** Every bin's count, in {@link #bin} order. */
        public long[] allCounts() {
            long[] all = Arrays.copyOf(counts, bins());
            if (type == FeatureType.CATEGORICAL) all[counts.length] = other;
            all[all.length - 1] = missing;
            return all;
        }

        /** The bin a value falls in, as serving reads values: a number, a category's name, or null. */
        public int bin(Object value) {
            if (value == null || (value instanceof String text && Missing.isMissing(text))) return bins() - 1;
            if (type == FeatureType.NUMERIC) {
                double x = value instanceof Number number ? number.doubleValue() : parse(value.toString());
                return Double.isNaN(x) ? bins() - 1 : valueBin(edges, x);
            }
            int index = categories.indexOf(value.toString());
            return index >= 0 ? index : counts.length;
        }

        private static double parse(String text) {
            Double value = Numbers.parse(text);
            return value == null ? Double.NaN : value;
        }

        /**
         * How far live counts (in {@link #bin} order) have moved from the reference: the population
         * stability index, and Pearson's chi-square test of the 2-row table of reference and live
         * counts (bins empty on both sides left out; Yates' correction with two bins, as scipy's
         * {@code chi2_contingency} does). A window without live rows has nothing to compare.
         */
        public Shift compare(long[] live) {
            long[] reference = allCounts();
            if (live.length != reference.length) throw new IllegalArgumentException(name + " has " + reference.length + " bins, got " + live.length);
            long liveRows = Arrays.stream(live).sum(), referenceRows = Arrays.stream(reference).sum();
            if (liveRows == 0) throw new IllegalArgumentException("no live rows to compare with the reference of " + name);
            double psi = 0;
            for (int b = 0; b < reference.length; b++) {
                double expected = smoothedShare(reference[b], referenceRows, reference.length);
                double actual = smoothedShare(live[b], liveRows, reference.length);
                psi += (actual - expected) * Math.log(actual / expected);
            }
            int[] used = IntStream.range(0, reference.length).filter(b -> reference[b] + live[b] > 0).toArray();
            if (used.length < 2) return new Shift(liveRows, psi, 0, 0, 1);
            int[][] table = new int[2][used.length];
            for (int k = 0; k < used.length; k++) {
                table[0][k] = Math.toIntExact(reference[used[k]]);
                table[1][k] = Math.toIntExact(live[used[k]]);
            }
            ChiSqTest test = ChiSqTest.test(table);
            // Smile's own p-value is 0 where the statistic is exactly 0 (identical shares); the distribution's is right
            double pValue = 1 - new ChiSquareDistribution((int) test.df()).cdf(test.chisq());
            return new Shift(liveRows, psi, test.chisq(), test.df(), pValue);
        }

        /**
         * A bin's share with half a row added to every bin (Jeffreys' prior), so that a bin empty on
         * one side gives a large but finite index: unseen categories arriving are drift to measure.
         */
        private static double smoothedShare(long count, long rows, int bins) {
            return (count + 0.5) / (rows + 0.5 * bins);
        }
    }

    /** Bin j of numbers cut at {@code edges} holds the values above edge j-1 and up to edge j. */
    private static int valueBin(List<Double> edges, double x) {
        int index = 0;
        while (index < edges.size() && x > edges.get(index)) index++;
        return index;
    }

    /**
     * A live window against the reference. {@code psi} above 0.25 is the usual reading of a major
     * shift, 0.1 to 0.25 of a moderate one, below 0.1 of none (the rule of thumb as Alibaba PAI's
     * PSI component documents it, https://www.alibabacloud.com/help/doc-detail/283802.html, and
     * R's PDtoolkit::psi calls it); the chi-square test's p-value says whether the counts
     * could come from the reference's distribution at all (bins empty on both sides do not count
     * towards its degrees of freedom). With many live rows the test finds shifts too small to matter,
     * which is why alerts read the index and report the p-value beside it.
     */
    public record Shift(long rows, double psi, double chiSquare, double degreesOfFreedom, double pValue) {}

    /** The reference of a classifier with schema {@code schema}, trained on {@code trainRows} of {@code table}. */
    static DriftReference of(Table table, InputSchema schema, int[] trainRows, double[][] evaluatedProbabilities) {
        List<Histogram> probabilities = new ArrayList<>();
        List<String> classes = schema.classes();
        for (int c = 0; c < classes.size(); c++) {
            if (classes.size() == 2 && !classes.get(c).equals(schema.positiveClass())) continue;
            int k = c;
            probabilities.add(numeric(PROBABILITY_OF + classes.get(c),
                    Arrays.stream(evaluatedProbabilities).mapToDouble(p -> p[k]).toArray()));
        }
        return new DriftReference(trainRows.length, features(table, schema, trainRows), evaluatedProbabilities.length, probabilities, null);
    }

    /** The reference of a regressor, whose predicted values on its holdout were {@code evaluatedPredictions}. */
    static DriftReference ofRegression(Table table, InputSchema schema, int[] trainRows, double[] evaluatedPredictions) {
        return new DriftReference(trainRows.length, features(table, schema, trainRows), evaluatedPredictions.length, List.of(),
                numeric(PREDICTED_VALUE, evaluatedPredictions));
    }

    private static List<Histogram> features(Table table, InputSchema schema, int[] trainRows) {
        List<Histogram> features = new ArrayList<>();
        for (FeatureSchema feature : schema.features()) {
            Column column = table.column(feature.name()).select(trainRows);
            if (feature.type() == FeatureType.NUMERIC) {
                double[] values = new double[column.size()];
                for (int r = 0; r < values.length; r++) values[r] = column.number(r);
                features.add(numeric(feature.name(), values));
            } else {
                features.add(categorical(feature, column));
            }
        }
        return features;
    }

    /** Bins between the deciles of the values that are there (NaN: missing). */
    static Histogram numeric(String name, double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        List<Double> edges = new ArrayList<>();
        for (int q = 1; q < QUANTILE_BINS && present.length > 0; q++) {
            double edge = present[(int) Math.ceil((double) q * present.length / QUANTILE_BINS) - 1];
            // ties merge bins, and no bin starts at the largest value (it would hold nothing above it)
            if ((edges.isEmpty() || edge > edges.get(edges.size() - 1)) && edge < present[present.length - 1]) edges.add(edge);
        }
        long[] counts = new long[edges.size() + 1];
        long missing = 0;
        for (double value : values) {
            if (Double.isNaN(value)) missing++;
            else counts[valueBin(edges, value)]++;
        }
        return new Histogram(name, FeatureType.NUMERIC, List.copyOf(edges), null, counts, 0, missing);
    }

    private static Histogram categorical(FeatureSchema feature, Column values) {
        List<String> categories = feature.categories().stream().map(FeatureSchema.CategoryCount::value).toList();
        Map<String, Integer> index = RawData.categoryIndex(feature);
        long[] counts = new long[categories.size()];
        long other = 0, missing = 0;
        for (int r = 0; r < values.size(); r++) {
            if (values.missing(r)) {
                missing++;
                continue;
            }
            Integer category = index.get(values.text(r));
            if (category != null) counts[category]++;
            else other++;
        }
        return new Histogram(feature.name(), FeatureType.CATEGORICAL, null, categories, counts, other, missing);
    }
}
