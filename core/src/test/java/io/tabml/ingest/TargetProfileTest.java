package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an upload's task is chosen and checked: the automatic rule, and the rules a regression target must meet. */
class TargetProfileTest {
    private final DatasetValidator validator = new DatasetValidator(1_000_000);

    private DatasetSummary validate(String csv, Task task) {
        return validator.validate(new ByteArrayInputStream(SampleData.csv(csv)), new Target("target", null, task));
    }

    private DatasetRejectedException rejection(String csv, Task task) {
        return assertThrows(DatasetRejectedException.class, () -> validate(csv, task));
    }

    /** {@code n} rows whose target takes {@code distinct} values, 0.5, 1.5, ... in turn. */
    private static String numbers(int n, int distinct) {
        StringBuilder csv = new StringBuilder("x,target\n");
        for (int i = 0; i < n; i++) csv.append(i % 7).append(',').append(i % distinct + 0.5).append('\n');
        return csv.toString();
    }

    @Test
    void aNumericTargetWithManyValuesIsARegressionAndTheSummarySaysWhy() {
        DatasetSummary summary = validate(numbers(100, 21), null);
        assertEquals(Task.REGRESSION, summary.task().task());
        assertEquals("auto: every value of 'target' is a number and it has 21 distinct values (more than 20), so it is a number to predict",
                summary.task().reason());
        assertEquals(Map.of(), summary.classCounts(), "a regression's values are not classes");
    }

    @Test
    void aNumericTargetWithFewValuesOrAnyTextStaysClassification() {
        DatasetSummary few = validate(numbers(100, 20), null);
        assertEquals(Task.CLASSIFICATION, few.task().task());
        assertEquals(20, few.classCounts().size());
        assertTrue(few.task().reason().contains("20 distinct value(s) (at most 20)"), few.task().reason());
        var text = validate(numbers(200, 25) + "1,high\n".repeat(5), null);
        assertEquals(Task.CLASSIFICATION, text.task().task(), "one text value makes the values classes: " + text.task().reason());
    }

    @Test
    void theConfigOverridesTheRule() {
        assertEquals(Task.REGRESSION, validate(numbers(100, 5), Task.REGRESSION).task().task());
        assertEquals("the config sets task regression", validate(numbers(100, 5), Task.REGRESSION).task().reason());
        assertEquals(Task.CLASSIFICATION, validate(numbers(150, 25), Task.CLASSIFICATION).task().task());
    }

    @Test
    void aRegressionRefusesNonFiniteAndNonNumericValuesNamingTheLine() {
        var infinite = rejection(numbers(100, 30).replace("\n3,3.5\n", "\n3,inf\n"), null);
        assertEquals("non_finite_target", infinite.code());
        assertEquals(5L, infinite.line());
        assertTrue(infinite.getMessage().contains("line 5 has 'inf'"), infinite.getMessage());
        var text = rejection(numbers(100, 30).replace("\n3,3.5\n", "\n3,n/a yet\n"), Task.REGRESSION);
        assertEquals("target_not_numeric", text.code());
        assertEquals(5L, text.line());
    }

    @Test
    void aRegressionNeedsEnoughRowsAndMoreThanOneValue() {
        var few = rejection(numbers(TargetProfile.MIN_REGRESSION_ROWS - 1, 30), null);
        assertEquals("too_few_rows", few.code());
        assertTrue(few.getMessage().contains("at least " + TargetProfile.MIN_REGRESSION_ROWS), few.getMessage());
        assertEquals("constant_target", rejection(numbers(100, 1), Task.REGRESSION).code());
        var missing = rejection(numbers(100, 30).replace("\n3,3.5\n", "\n3,\n"), null);
        assertEquals("missing_target", missing.code());
        assertEquals(5L, missing.line());
    }
}
