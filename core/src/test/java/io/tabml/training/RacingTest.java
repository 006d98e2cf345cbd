package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RacingTest {
    private static final int ROWS = 300;
    private static final int[] TRUTH = IntStream.range(0, ROWS).map(i -> i % 3 == 0 ? 1 : 0).toArray();

    /** Probabilities of the two classes whose positive score is the truth plus noise of the given spread. */
    private static double[][] predictions(double noise, long seed) {
        Random random = new Random(seed);
        double[][] p = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            double positive = 1 / (1 + Math.exp(-(4 * (TRUTH[i] - 0.5) + noise * random.nextGaussian())));
            p[i] = new double[] {1 - positive, positive};
        }
        return p;
    }

    @Test
    void aCandidateFarBehindTheLeaderIsBehindOnEveryMetricWithAPairedTest() {
        double[][] leader = predictions(1, 1), candidate = predictions(8, 2);
        for (Metric metric : new Metric[] {Metric.ROC_AUC, Metric.LOG_LOSS, Metric.ACCURACY}) {
            Racing.Look look = Racing.look(metric, 2, 5, TRUTH, candidate, leader, 1);
            assertTrue(look.behind(), metric + ": " + look);
            assertTrue(look.lead() < look.upperBound() && look.upperBound() < 0, look.toString());
            assertEquals(ROWS, look.rows());
            assertEquals(metric.value(TRUTH, candidate, 1), look.candidate(), 1e-9, metric.id());
            assertEquals(metric.value(TRUTH, leader, 1), look.leader(), 1e-9, metric.id());
        }
    }

    @Test
    void aCandidateLevelWithTheLeaderIsNotBehind() {
        double[][] leader = predictions(2, 1), same = predictions(2, 1), other = predictions(2, 3);
        for (Metric metric : new Metric[] {Metric.ROC_AUC, Metric.LOG_LOSS, Metric.ACCURACY}) {
            Racing.Look identical = Racing.look(metric, 2, 5, TRUTH, same, leader, 1);
            assertEquals(0, identical.lead(), 0, metric.id());
            assertFalse(identical.behind(), metric.id());
            assertFalse(Racing.look(metric, 2, 5, TRUTH, other, leader, 1).behind(), metric + ": as good, other noise");
        }
    }

    @Test
    void racingNeedsTheDefaultFoldsAPairedTestAndEnoughRowsOfEveryClass() {
        int[] labels = IntStream.range(0, 500).map(i -> i % 5 == 0 ? 1 : 0).toArray(); // 100 of class 1
        int[] firstTwoFolds = IntStream.range(0, 200).toArray(); // 40 of class 1
        TrainingConfig defaults = TrainingConfig.DEFAULTS;
        assertNull(Racing.whyNot(defaults, Metric.ROC_AUC, 2, 5, labels, firstTwoFolds));
        assertNull(Racing.whyNot(defaults, Metric.LOG_LOSS, 2, 5, labels, firstTwoFolds));
        assertTrue(Racing.whyNot(new TrainingConfig(null, null, null, null, 5, null, null), Metric.ROC_AUC, 2, 5, labels, firstTwoFolds)
                .contains("as cvFolds was configured"));
        assertTrue(Racing.whyNot(defaults, Metric.PR_AUC, 2, 5, labels, firstTwoFolds).contains("pr_auc has no paired test"));
        assertTrue(Racing.whyNot(defaults, Metric.F1, 2, 5, labels, firstTwoFolds).contains("f1 has no paired test"));
        assertTrue(Racing.whyNot(defaults, Metric.ROC_AUC, 3, 5, labels, firstTwoFolds).contains("roc_auc of 3 classes"));
        assertTrue(Racing.whyNot(defaults, Metric.ROC_AUC, 2, 5, labels, IntStream.range(0, 95).toArray())
                .contains("hold 19 row(s) of some class, fewer than 20"));
    }
}
