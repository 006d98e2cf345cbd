package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmoteTest {
    @Test
    void balancesAOnePercentPositiveSetWithRowsBetweenMinorityNeighbours() {
        Random random = new Random(1);
        int n = 2000;
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 100 == 0 ? 1 : 0; // 1% positives
            double centre = y[i] == 1 ? 5 : 0;
            x[i] = new double[] {centre + random.nextGaussian() * 0.1, centre + random.nextGaussian() * 0.1};
        }
        Imbalance.Sample balanced = Smote.oversample(x, y, 2, 7);
        long positives = Arrays.stream(balanced.y()).filter(label -> label == 1).count();
        assertEquals(n - 20, positives, "as many positives as negatives");
        assertEquals(2 * (n - 20), balanced.x().length);
        for (int i = n; i < balanced.x().length; i++) {
            double[] synthetic = balanced.x()[i];
            assertTrue(Math.abs(synthetic[0] - 5) < 1 && Math.abs(synthetic[1] - 5) < 1,
                    "synthetic positives lie among the positives, not the negatives: " + Arrays.toString(synthetic));
        }
        assertTrue(Arrays.equals(Arrays.copyOf(balanced.y(), n), y), "the original rows come first, unchanged");
    }

    @Test
    void leavesBalancedClassesAndLoneRowsAlone() {
        double[][] x = {{0}, {1}, {2}, {3}, {10}};
        int[] y = {0, 0, 1, 1, 2};
        Imbalance.Sample result = Smote.oversample(x, y, 3, 1);
        assertEquals(5, result.x().length, "a class of one row has no neighbour to interpolate towards");
    }

    /** A table of a number with gaps, a category, a yes/no column and a rare target, and its encoder's columns. */
    static final class Encoded {
        final double[][] x;
        final int[] y;
        final EncodedColumns columns;

        Encoded(int rows, long seed) {
            StringBuilder csv = new StringBuilder("amount,colour,urban,target\n");
            Random random = new Random(seed);
            String[] colours = {"red", "green", "blue"};
            for (int i = 0; i < rows; i++) {
                boolean positive = i % 10 == 0;
                String amount = random.nextDouble() < 0.2 ? "" : String.valueOf((positive ? 50 : 10) + random.nextGaussian() * 5);
                csv.append(amount).append(',').append(colours[positive ? random.nextInt(2) : random.nextInt(3)]).append(',')
                        .append(random.nextBoolean() ? "yes" : "no").append(',').append(positive ? "p" : "n").append('\n');
            }
            var table = io.tabml.data.Table.read(new java.io.ByteArrayInputStream(io.tabml.testing.SampleData.csv(csv.toString())));
            var config = TrainingConfig.DEFAULTS;
            var schema = io.tabml.ingest.SchemaInference.infer(table, config.target(),
                    io.tabml.ingest.DatasetValidator.classCounts(table, config.target()));
            RawData data = RawData.of(table, schema);
            int[] all = java.util.stream.IntStream.range(0, rows).toArray();
            FeatureEncoder encoder = FeatureEncoder.fit(data, all);
            x = encoder.encode(data, all);
            String[] target = table.column("target").texts();
            y = Arrays.stream(target).mapToInt(t -> schema.classes().indexOf(t)).toArray();
            columns = EncodedColumns.of(encoder, schema);
        }
    }

    @Test
    void findsWhatEachEncodedColumnIsFromTheEncodersOwnOutput() {
        Encoded encoded = new Encoded(300, 2);
        // amount (value, was-missing), colour (3 one-hot), urban (2 one-hot)
        assertEquals(7, encoded.columns.width());
        assertEquals(3, encoded.columns.features());
        assertEquals(1, encoded.columns.continuous().length);
        int value = encoded.columns.continuous()[0];
        List<int[]> nominal = encoded.columns.nominal();
        assertEquals(3, nominal.size(), "the missing indicator, the colours and yes/no");
        int indicator = nominal.stream().filter(g -> g.length == 1).findFirst().orElseThrow()[0];
        assertEquals(value, encoded.columns.valueOf()[indicator]);
        assertEquals(Set.of(1, 2, 3), nominal.stream().map(g -> g.length).collect(java.util.stream.Collectors.toSet()));
        for (double[] row : encoded.x) assertTrue(row[indicator] == 0 || row[indicator] == 1);
    }

    /** Finding 5 of issue 17: synthetic rows of SMOTE-NC hold whole categories and whole missing flags, never fractions. */
    @Test
    void smoteNcGivesSyntheticRowsWholeCategoriesAndMissingFlags() {
        Encoded encoded = new Encoded(600, 4);
        Imbalance.Sample sample = Smote.oversample(encoded.x, encoded.y, 2, encoded.columns, 3);
        int original = encoded.x.length;
        assertTrue(sample.x().length > original + 400, "the minority was oversampled");
        int value = encoded.columns.continuous()[0];
        int indicator = encoded.columns.nominal().stream().filter(g -> g.length == 1).findFirst().orElseThrow()[0];
        double imputed = encoded.columns.imputedOf()[indicator];
        int minority = sample.y()[original];
        double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < original; i++) {
            if (encoded.y[i] == minority) {
                low = Math.min(low, encoded.x[i][value]);
                high = Math.max(high, encoded.x[i][value]);
            }
        }
        boolean sawMissing = false, sawPresent = false;
        for (int i = original; i < sample.x().length; i++) {
            double[] row = sample.x()[i];
            for (int[] group : encoded.columns.nominal()) {
                double ones = 0;
                for (int c : group) {
                    assertTrue(row[c] == 0 || row[c] == 1, "0 or 1, not " + row[c]);
                    ones += row[c];
                }
                assertTrue(ones <= 1, "at most one category");
            }
            if (row[indicator] == 1) {
                sawMissing = true;
                assertEquals(imputed, row[value], 0, "a missing number holds the value the encoder imputes");
            } else {
                sawPresent = true;
            }
            assertTrue(row[value] >= low && row[value] <= high, "interpolated between rows of the class: " + row[value]);
        }
        assertTrue(sawPresent, "most synthetic amounts are present");
        assertTrue(sawMissing, "a neighbourhood of missing amounts gives a missing amount");
        assertEquals(Smote.nominalPenalty(new double[][] {{0, 1}, {2, 0}, {4, 1}}, new EncodedColumns(2, 2, new int[] {0}, List.of(new int[] {1}),
                new double[] {Double.NaN, Double.NaN}, new int[] {-1, -1})), Math.pow(Math.sqrt(8.0 / 3), 2), 1e-12,
                "Med squared: the median standard deviation of the continuous columns, squared");
    }
}
