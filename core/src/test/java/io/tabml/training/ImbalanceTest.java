package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImbalanceTest {
    /** Finding 4 of issue 17: what was called class weights is random oversampling, and reports written before still name it. */
    @Test
    void randomOversamplingIsNamedForWhatItDoesAndTheOldIdStillReads() {
        assertEquals("random-oversampling", Imbalance.RANDOM_OVERSAMPLING.id());
        assertEquals(Imbalance.RANDOM_OVERSAMPLING, Imbalance.of("random-oversampling"));
        assertEquals(Imbalance.RANDOM_OVERSAMPLING, Imbalance.of("class-weights"), "the id reports written before this one hold");
        assertEquals(Imbalance.SMOTE, Imbalance.of("SMOTE"));
        assertEquals(Imbalance.NONE, Imbalance.of("none"));
        assertThrows(IllegalArgumentException.class, () -> Imbalance.of("weights"));
    }

    @Test
    void randomOversamplingDrawsRowsOfTheSmallerClassesUntilEveryClassHasAsManyAsTheLargest() {
        double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}, {10}, {11}, {20}};
        int[] y = {0, 0, 0, 0, 0, 0, 1, 1, 2};
        Imbalance.Sample sample = Imbalance.RANDOM_OVERSAMPLING.apply(x, y, 3, 4);
        assertEquals(18, sample.x().length);
        assertEquals(6, Arrays.stream(sample.y()).filter(c -> c == 2).count());
        for (int i = 9; i < 18; i++) {
            int row = i;
            assertEquals(1, Arrays.stream(x).filter(r -> r == sample.x()[row]).count(), "a copy of a row of its class");
            assertEquals(sample.y()[i], y[Arrays.asList(x).indexOf(sample.x()[i])]);
        }
    }
}
