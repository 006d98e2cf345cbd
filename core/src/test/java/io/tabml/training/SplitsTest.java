package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static final int[] Y = IntStream.range(0, 100).map(i -> i % 10 == 0 ? 1 : 0).toArray();

    @Test
    void holdsOutTheSameStratifiedRowsForTheSameSeed() {
        int[][] first = Splits.stratifiedHoldout(Y, 2, 0.2, 42);
        assertArrayEquals(first[1], Splits.stratifiedHoldout(Y, 2, 0.2, 42)[1]);
        assertEquals(20, first[1].length);
        assertEquals(2, Arrays.stream(first[1]).filter(i -> Y[i] == 1).count(), "20% of each class");
        assertEquals(100, first[0].length + first[1].length);
    }

    @Test
    void foldsPartitionTheRowsWithEveryClassInEachFold() {
        int[][] folds = Splits.stratifiedFolds(Y, 2, 5, 3);
        assertEquals(100, Arrays.stream(folds).mapToInt(f -> f.length).sum());
        assertEquals(100, Arrays.stream(folds).flatMapToInt(Arrays::stream).distinct().count());
        for (int[] fold : folds) assertEquals(2, Arrays.stream(fold).filter(i -> Y[i] == 1).count());
        assertEquals(80, Splits.complement(100, folds[0]).length);
    }
}
