package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {
    private static final int[] TRUTH = {1, 0, 1, 0, 0, 1};
    private static final double[][] SCORES = {{0.1, 0.9}, {0.2, 0.8}, {0.3, 0.7}, {0.6, 0.4}, {0.7, 0.3}, {0.8, 0.2}};

    @Test
    void rocAucCountsCorrectlyOrderedPairs() {
        // positives at scores .9 .7 .2, negatives at .8 .4 .3: 5 of 9 pairs ordered
        assertEquals(5.0 / 9, Curves.rocAuc(TRUTH, SCORES, 1), 1e-12);
    }

    @Test
    void averagePrecisionFollowsTheRankedList() {
        // hits at ranks 1, 3, 6: (1/1 + 2/3 + 3/6) / 3
        assertEquals((1 + 2.0 / 3 + 0.5) / 3, Curves.averagePrecision(TRUTH, SCORES, 1), 1e-12);
    }

    @Test
    void rocCurveRunsFromTheOriginToTheCorner() {
        List<Curves.RocPoint> curve = Curves.rocCurve(TRUTH, SCORES, 1, 100);
        assertEquals(new Curves.RocPoint(0, 0, 1), curve.get(0));
        assertEquals(1.0, curve.get(curve.size() - 1).fpr());
        assertEquals(1.0, curve.get(curve.size() - 1).tpr());
        assertEquals(7, curve.size());
        assertEquals(4, Curves.rocCurve(TRUTH, SCORES, 1, 4).size(), "thinned to the limit");
    }

    @Test
    void bestF1ThresholdLiesBetweenScores() {
        double[] best = Curves.bestF1Threshold(TRUTH, SCORES, 1);
        // predicting the top 3 (.9 .8 .7) gives 2 TP, 1 FP, 1 FN: F1 = 4/6; all six: 3 TP 3 FP: F1 = 6/9
        assertEquals(2.0 / 3, best[1], 1e-12);
        assertEquals((0.7 + 0.4) / 2, best[0], 1e-12);
    }
}
