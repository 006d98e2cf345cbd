package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
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
}
