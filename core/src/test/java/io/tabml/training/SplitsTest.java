package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Finding 1 of issue 17: a sample keeps small classes whole and caps only large ones, in proportion. */
    /** Racing scores a candidate on the rows of the folds it has run: each fold's others among those rows, in order. */
    @Test
    void theComplementWithinSomeRowsKeepsTheirOrderAndWithAllRowsIsTheComplement() {
        int[][] folds = Splits.stratifiedFolds(Y, 2, 5, 3);
        int[] firstTwo = IntStream.concat(Arrays.stream(folds[0]), Arrays.stream(folds[1])).sorted().toArray();
        assertArrayEquals(folds[1], Splits.complement(firstTwo, folds[0]));
        assertArrayEquals(Splits.complement(100, folds[2]), Splits.complement(IntStream.range(0, 100).toArray(), folds[2]));
    }

    @Test
    void aSampleKeepsSmallClassesWholeAndCapsOnlyTheLargeOnes() {
        int[] counts = {700_000, 99_880, 100, 20};
        int[] y = IntStream.range(0, counts.length).flatMap(c -> IntStream.range(0, counts[c]).map(r -> c)).toArray();
        int[] rows = IntStream.range(0, y.length).toArray();
        int[] sample = Splits.stratifiedSample(rows, y, 4, 10_000, 9);
        int[] kept = Splits.classCounts(Splits.select(y, sample), 4);
        assertEquals(20, kept[3], "a class smaller than the floor is kept whole");
        assertEquals(Splits.MIN_SAMPLED_PER_CLASS, kept[2], "a class whose share would be one row keeps the floor");
        assertEquals(700_000.0 / 99_880, (double) kept[0] / kept[1], 0.01, "the large classes keep their proportions");
        assertTrue(sample.length <= 10_000 && sample.length > 9_990, "the sample has its size: " + sample.length);
        assertArrayEquals(sample, Splits.stratifiedSample(rows, y, 4, 10_000, 9), "reproducible");
        assertTrue(IntStream.range(1, sample.length).allMatch(i -> sample[i - 1] < sample[i]), "sorted, without repeats");
        assertArrayEquals(new int[] {3, 5}, Splits.quotas(new int[] {3, 5}, 100), "no more than a class has");
    }

    @Test
    void aHoldoutNeverTakesAClassesOnlyRow() {
        int[][] parts = Splits.stratifiedHoldout(new int[] {0, 0, 0, 0, 0, 1, 2, 2}, 3, 0.2, 1);
        assertEquals(0, Arrays.stream(parts[1]).filter(i -> i == 5).count(), "the lone row of class 1 stays in training");
        assertEquals(1, Arrays.stream(parts[1]).filter(i -> i >= 6).count(), "a class of two rows gives one");
    }
}
