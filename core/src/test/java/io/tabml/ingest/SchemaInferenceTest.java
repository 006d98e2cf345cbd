package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
