package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
    private record Fitted(InputSchema schema, RawData data, FeatureEncoder encoder) {}

    /** age in bands, a nominal colour and a site whose names hold numbers; every row's class alternates. */
    private static Fitted fit(String... ages) {
        StringBuilder csv = new StringBuilder("age,colour,site,target\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < ages.length; i++) {
            csv.append(ages[i]).append(',').append(colours[i % 3]).append(",site").append(i % 4).append(',')
                    .append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
        InputSchema schema = SchemaInference.infer(table, TrainingConfig.DEFAULTS.target(),
                DatasetValidator.classCounts(table, TrainingConfig.DEFAULTS.target()));
        RawData data = RawData.of(table, schema);
        return new Fitted(schema, data, FeatureEncoder.fit(data, IntStream.range(0, ages.length).toArray()));
    }

    private static final String[] AGES = {"30-39", "40-49", "40-49", "50-59", "50-59", "50-59", "60-69", "70+", "", "40-49", "50-59", "60-69"};

    @Test
    void readsRangesAsTheirMidpointsAndAnOpenTopAsItsLowerBound() {
        assertEquals(44.5, FeatureEncoder.rangeValue("40-49"));
        assertEquals(12, FeatureEncoder.rangeValue(" 10 - 14 "));
        assertEquals(70, FeatureEncoder.rangeValue("70+"));
        assertEquals(2.5, FeatureEncoder.rangeValue("2.5"));
        assertTrue(Double.isNaN(FeatureEncoder.rangeValue("14-10")), "a range whose bounds are reversed is no range");
        assertTrue(Double.isNaN(FeatureEncoder.rangeValue("ge40")));
        assertTrue(Double.isNaN(FeatureEncoder.rangeValue("site3")), "a number inside a name may be a label");
    }

    @Test
    void addsAnOrderedColumnOnlyToAFeatureWhoseCategoriesAreAllRanges() {
        Fitted fitted = fit(AGES);
        // age: 5 one-hot columns and the ordered one; colour: 3; site: 4
        assertEquals(6 + 3 + 4, fitted.encoder().encode(new Object[3]).length);
        assertNull(FeatureEncoder.rangeValues(fitted.schema().features().get(2)), "site0..site3 stay nominal");

        double[] young = fitted.encoder().encode(new Object[] {"30-39", null, null});
        double[] middle = fitted.encoder().encode(new Object[] {"50-59", null, null});
        double[] old = fitted.encoder().encode(new Object[] {"70+", null, null});
        double[] unseenBand = fitted.encoder().encode(new Object[] {"80-89", null, null});
        int ordered = 5;
        assertTrue(young[ordered] < middle[ordered] && middle[ordered] < old[ordered] && old[ordered] < unseenBand[ordered],
                "the column follows the bands' order, and a band never seen in training lands past the oldest");
        double[] missing = fitted.encoder().encode(new Object[3]);
        assertEquals(middle[ordered], missing[ordered], 1e-12, "a missing band takes the training median, 50-59");
        assertEquals(0, Arrays.stream(unseenBand, 0, ordered).sum(), "an unseen band still takes the one-hot columns' unseen path");
    }

    @Test
    void encodesTrainingRowsAsItEncodesTheSameRowsAtPredictTime() {
        Fitted fitted = fit(AGES);
        int[] rows = IntStream.range(0, AGES.length).toArray();
        double[][] training = fitted.encoder().encode(fitted.data(), rows);
        for (int i : rows) assertArrayEquals(training[i], fitted.encoder().encode(fitted.data().row(i)), 1e-12);
    }

    @Test
    void theOrderedColumnIsContinuousAndTheOneHotColumnsStayNominal() {
        Fitted fitted = fit(AGES);
        EncodedColumns columns = EncodedColumns.of(fitted.encoder(), fitted.schema());
        assertArrayEquals(new int[] {5}, columns.continuous());
        List<int[]> nominal = columns.nominal();
        assertEquals(3, nominal.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, nominal.get(0));
    }
}
