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
            Racing.Look look = Racing.look(metric, 2, 5, TRUTH, candidate, leader, 1, 750);
            assertTrue(look.behind(), metric + ": " + look);
            assertTrue(look.lead() < 0 && look.catchUp() < 0.01, look.toString());
            assertEquals(ROWS, look.rows());
            assertEquals(metric.value(TRUTH, candidate, 1), look.candidate(), 1e-9, metric.id());
            assertEquals(metric.value(TRUTH, leader, 1), look.leader(), 1e-9, metric.id());
        }
    }

    @Test
    void aCandidateLevelWithTheLeaderIsNotBehind() {
        double[][] leader = predictions(2, 1), other = predictions(2, 3);
        for (Metric metric : new Metric[] {Metric.ROC_AUC, Metric.LOG_LOSS, Metric.ACCURACY}) {
            assertFalse(Racing.look(metric, 2, 5, TRUTH, other, leader, 1, 750).behind(), metric + ": as good, other noise");
        }
    }

    /** The same lead counts for more the fewer rows are left to make it up on. */
    @Test
    void theSameDeficitDropsACandidateLateButNotEarly() {
        double[][] leader = predictions(2, 1), candidate = predictions(2.6, 4);
        Racing.Look early = Racing.look(Metric.LOG_LOSS, 2, 5, TRUTH, candidate, leader, 1, 750);
        Racing.Look late = Racing.look(Metric.LOG_LOSS, 4, 5, TRUTH, candidate, leader, 1, 375);
        assertEquals(early.lead(), late.lead(), 0);
        assertTrue(early.lead() < 0, early.toString());
        assertFalse(early.behind(), "most rows still to come: " + early);
        assertTrue(late.behind(), "a fifth of the rows left: " + late);
        // the chance is that of a normal lead on the rest reaching what it trails by, scaled to the rest's rows
        double needed = -late.lead() * 300 / 75, se = late.standardError() * Math.sqrt(300.0 / 75);
        assertEquals(1 - smile.stat.distribution.GaussianDistribution.getInstance().cdf(needed / se), late.catchUp(), 1e-12);
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
