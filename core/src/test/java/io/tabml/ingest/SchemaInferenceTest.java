package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {
    private static InputSchema infer(String csv) {
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv)));
        return SchemaInference.infer(table, Target.DEFAULT, Map.of("a", 3L, "b", 2L));
    }

    @Test
    void typesColumnsAndKeepsTheirStatistics() {
        InputSchema schema = infer("""
                age,color,target
                30,red,a
                NA,blue,a
                50,red,a
                40,,b
                10,red,b
                """);
        FeatureSchema age = schema.feature("age").orElseThrow();
        assertEquals(FeatureType.NUMERIC, age.type());
        assertEquals(1, age.missing());
        assertEquals(10.0, age.min());
        assertEquals(50.0, age.max());
        assertEquals(35.0, age.median());
        FeatureSchema color = schema.feature("color").orElseThrow();
        assertEquals(FeatureType.CATEGORICAL, color.type());
        assertEquals(List.of(new FeatureSchema.CategoryCount("red", 3), new FeatureSchema.CategoryCount("blue", 1)), color.categories());
        assertNull(color.min());
        assertEquals("b", schema.positiveClass(), "the minority class is positive by default");
        assertEquals(List.of("a", "b"), schema.classes());
    }

    @Test
    void medianAveragesTheMiddleTwoWithoutOverflowing() {
        assertEquals(2.0, SchemaInference.median(new double[] {1, 2, 3}, 3));
        assertEquals(2.5, SchemaInference.median(new double[] {1, 2, 3, 4}, 4));
        assertEquals(1.5, SchemaInference.median(new double[] {1, 2, 3, 4}, 2), "only the first n values count");
        assertEquals(1.7e308, SchemaInference.median(new double[] {1.7e308, 1.7e308}, 2));
    }

    @Test
    void dropsConstantAndAllMissingColumnsAndSaysWhy() {
        InputSchema schema = infer("""
                same,empty,x,target
                1,,5,a
                1,NA,6,a
                1,,7,b
                """);
        assertEquals(List.of("x"), schema.features().stream().map(FeatureSchema::name).toList());
        assertEquals(List.of(new InputSchema.DroppedColumn("same", "constant"), new InputSchema.DroppedColumn("empty", "all values missing")),
                schema.dropped());
    }
    /** A CSV of the given numeric column beside a real feature and a target, one row per value. */
    private static InputSchema withColumn(List<String> values) {
        StringBuilder csv = new StringBuilder("col,x,target\n");
        java.util.Random random = new java.util.Random(3);
        for (String v : values) csv.append(v).append(',').append(random.nextGaussian()).append(',').append(random.nextBoolean() ? "a" : "b").append('\n');
        return infer(csv.toString());
    }

    private static List<String> ints(java.util.stream.LongStream values) {
        return values.mapToObj(Long::toString).toList();
    }

    private static String dropReason(InputSchema schema) {
        return schema.dropped().stream().filter(d -> d.name().equals("col")).map(InputSchema.DroppedColumn::reason).findFirst().orElse(null);
    }

    @Test
    void dropsRowNumbersInAnyOrderWithOrWithoutAHoldoutTakenOut() {
        // a row number as written, and as a training part sees it once 20% of the rows are held out
        String reason = dropReason(withColumn(ints(java.util.stream.LongStream.rangeClosed(1, 200))));
        assertEquals("id-like: a different whole number in every row, 100% of the sequence from 1 to 200 in steps of 1 (a row number?)", reason);
        java.util.Random random = new java.util.Random(8);
        List<String> heldOut = ints(java.util.stream.LongStream.range(0, 500).filter(i -> random.nextDouble() >= 0.2));
        assertTrue(dropReason(withColumn(heldOut)).startsWith("id-like"), "a row number with a holdout taken out");
        List<String> shuffled = new java.util.ArrayList<>(ints(java.util.stream.LongStream.range(1000, 1300)));
        java.util.Collections.shuffle(shuffled, new java.util.Random(1));
        assertTrue(dropReason(withColumn(shuffled)).startsWith("id-like"), "an enumeration of the rows in shuffled order");
        assertTrue(dropReason(withColumn(ints(java.util.stream.LongStream.range(0, 100).map(i -> 10 * i + 5)))).contains("in steps of 10"));
        List<String> withGaps = new java.util.ArrayList<>(ints(java.util.stream.LongStream.rangeClosed(1, 52)));
        withGaps.set(4, "");
        withGaps.set(9, "NA");
        assertTrue(dropReason(withColumn(withGaps)).startsWith("id-like"), "missing values do not hide a row number");
    }

    @Test
    void keepsNumericColumnsThatAreNoRowNumber() {
        java.util.Random random = new java.util.Random(2);
        // distinct whole numbers spread wide, as a mileage on few rows has them
        List<String> mileage = ints(random.longs(60, 1000, 40000).distinct());
        // a sorted timestamp: monotone and distinct, but its gaps are irregular
        long[] clock = {1_700_000_000L};
        List<String> timestamps = ints(java.util.stream.LongStream.generate(() -> clock[0] += 1 + random.nextInt(5000)).limit(100));
        // whole numbers that repeat, decimals, and a short enumeration
        List<String> repeats = ints(java.util.stream.LongStream.range(0, 100).map(i -> i / 2));
        List<String> decimals = java.util.stream.IntStream.range(0, 100).mapToObj(i -> i + ".5").toList();
        // an enumeration too short to tell from a hand-made feature (ages 20 to 68, one per row)
        List<String> short49 = ints(java.util.stream.LongStream.range(20, 69));
        for (List<String> column : List.of(mileage, timestamps, repeats, decimals, short49)) {
            InputSchema schema = withColumn(column);
            assertNull(dropReason(schema), column.subList(0, 5) + "...");
            assertEquals(FeatureType.NUMERIC, schema.feature("col").orElseThrow().type());
        }
        assertNull(SchemaInference.numericIdReason(io.tabml.data.Column.of("1", "2", "x")), "not numeric at all");
    }

    @Test
    void theDefaultPositiveClassIsTheRarestOfTheClassesTheRowsHave() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv("x,target\n1,a\n2,a\n3,b\n")));
        var counts = new java.util.TreeMap<String, Long>(Map.of("a", 2L, "b", 1L, "c", 0L));
        InputSchema schema = SchemaInference.infer(table, Target.DEFAULT, counts);
        assertEquals("b", schema.positiveClass(), "'c' has no row here (only a separate test file has it)");
        assertEquals(List.of("a", "b", "c"), schema.classes());
    }
}
