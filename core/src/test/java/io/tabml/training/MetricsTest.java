package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tabml.training.EvaluationMetrics.RocPoint;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Metrics} by hand-checked examples, and on fixed inputs with tied scores, a zero probability
 * and three classes, against the numbers the code before it computed (SelectionMetric, Curves and
 * EvaluationMetrics.of each had their own): these are compared exactly. The one exception is
 * evaluation F1, which the old evaluation took as 2PR/(P+R) while selection took 2TP/(2TP+FP+FN);
 * both now take the second, so the old evaluation F1 is met within one rounding (1e-15).
 */
class MetricsTest {
    private static final int[] TRUTH = {1, 0, 1, 0, 0, 1};
    private static final double[][] SCORES = {{0.1, 0.9}, {0.2, 0.8}, {0.3, 0.7}, {0.6, 0.4}, {0.7, 0.3}, {0.8, 0.2}};

    /** Ties at 0.9 and 0.4, and a true class with probability 0 (row 6), which log loss clips to 1e-15. */
    private static final int[] BINARY_TRUTH = {1, 0, 1, 0, 1, 0, 1, 0};
    private static final double[][] BINARY = {{0.1, 0.9}, {0.1, 0.9}, {0.3, 0.7}, {0.6, 0.4}, {0.6, 0.4}, {0.6, 0.4}, {1.0, 0.0}, {0.9, 0.1}};
    /** Three classes with tied scores, a row whose two likeliest classes tie (row 1), and probabilities of 0. */
    private static final int[] THREE_TRUTH = {0, 0, 1, 1, 2, 2, 0, 1, 2, 1};
    private static final double[][] THREE = {{0.5, 0.3, 0.2}, {0.4, 0.4, 0.2}, {0.2, 0.3, 0.5}, {0.1, 0.6, 0.3}, {0.3, 0.3, 0.4},
            {0.6, 0.2, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.5, 0.2}, {0.2, 0.3, 0.5}, {0.0, 1.0, 0.0}};
    private static final double ONE_ROUNDING = 1e-15;

    @Test
    void rocAucCountsCorrectlyOrderedPairs() {
        // positives at scores .9 .7 .2, negatives at .8 .4 .3: 5 of 9 pairs ordered
        assertEquals(5.0 / 9, Metrics.rocAuc(TRUTH, SCORES, 1), 1e-12);
    }

    @Test
    void averagePrecisionFollowsTheRankedList() {
        // hits at ranks 1, 3, 6: (1/1 + 2/3 + 3/6) / 3
        assertEquals((1 + 2.0 / 3 + 0.5) / 3, Metrics.prAuc(TRUTH, SCORES, 1), 1e-12);
    }

    @Test
    void rocCurveRunsFromTheOriginToTheCorner() {
        List<RocPoint> curve = Metrics.rocCurve(TRUTH, SCORES, 1, 100);
        assertEquals(new RocPoint(0, 0, 1), curve.get(0));
        assertEquals(1.0, curve.get(curve.size() - 1).fpr());
        assertEquals(1.0, curve.get(curve.size() - 1).tpr());
        assertEquals(7, curve.size());
        assertEquals(4, Metrics.rocCurve(TRUTH, SCORES, 1, 4).size(), "thinned to the limit");
    }

    @Test
    void bestF1ThresholdLiesBetweenScores() {
        Metrics.F1Threshold best = Metrics.bestF1Threshold(TRUTH, SCORES, 1);
        // predicting the top 3 (.9 .8 .7) gives 2 TP, 1 FP, 1 FN: F1 = 4/6; all six: 3 TP 3 FP: F1 = 6/9
        assertEquals(2.0 / 3, best.f1(), 1e-12);
        assertEquals((0.7 + 0.4) / 2, best.threshold(), 1e-12);
    }

    @Test
    void argmaxTakesTheFirstOfEquallyLikelyClasses() {
        assertEquals(0, Metrics.argmax(new double[] {0.4, 0.4, 0.2}));
        assertEquals(2, Metrics.argmax(new double[] {0.2, 0.3, 0.5}));
        assertArrayEquals(new int[] {0, 0, 2, 1, 2, 0, 2, 1, 2, 1}, Metrics.argmax(THREE));
    }

    @Test
    void confusionMatrixHasARowAndColumnForEveryClassEvenUnseenOnes() {
        assertArrayEquals(new int[][] {{2, 0, 0}, {0, 0, 0}, {0, 0, 0}}, Metrics.confusionMatrix(new int[] {0, 0}, new int[] {0, 0}, 3));
    }

    @Test
    void selectionScoresWithTiesAreTheOldOnes() {
        assertSelectionScores(BINARY_TRUTH, BINARY, 1, 0.53125, 0.5416666666666666, 0.6666666666666666, 0.625, -4.918337430320657);
        assertSelectionScores(BINARY_TRUTH, BINARY, 0, 0.53125, 0.55, 0.6666666666666666, 0.625, -4.918337430320657);
        assertSelectionScores(THREE_TRUTH, THREE, 0, 0.7430555555555557, 0.5925925925925926, 0.6984126984126983, 0.7, -0.8845697258388274);
    }

    @Test
    void binaryEvaluationWithTiesIsTheOldOne() {
        int[] predicted = {1, 1, 1, 0, 0, 0, 0, 0}; // at threshold 0.5 for class 1
        EvaluationMetrics m = EvaluationMetrics.of(BINARY_TRUTH, BINARY, predicted, List.of("a", "b"), "b", 0.5, "fixed");
        assertEquals(0.625, m.accuracy());
        assertEquals(0.6666666666666666, m.precision());
        assertEquals(0.5, m.recall());
        assertEquals(0.5714285714285715, m.f1(), ONE_ROUNDING);
        assertEquals(0.53125, m.rocAuc());
        assertEquals(0.5416666666666666, m.prAuc());
        assertEquals(4.918337430320657, m.logLoss());
        assertArrayEquals(new int[][] {{3, 1}, {2, 2}}, m.confusionMatrix());
        assertArrayEquals(new int[] {5, 3}, m.predictedPerClass());
        assertEquals(List.of(new RocPoint(0, 0, 1), new RocPoint(0.25, 0.25, 0.9), new RocPoint(0.25, 0.5, 0.7),
                new RocPoint(0.75, 0.75, 0.4), new RocPoint(1, 0.75, 0.1), new RocPoint(1, 1, 0)), m.rocCurve());

        EvaluationMetrics first = EvaluationMetrics.of(BINARY_TRUTH, BINARY, predicted, List.of("a", "b"), "a", 0.5, "fixed");
        assertEquals(0.6, first.precision());
        assertEquals(0.75, first.recall());
        assertEquals(0.6666666666666665, first.f1(), ONE_ROUNDING);
        assertEquals(0.55, first.prAuc());
    }

    @Test
    void threeClassEvaluationIsTheOldMacroAverage() {
        EvaluationMetrics m = EvaluationMetrics.of(THREE_TRUTH, THREE, Metrics.argmax(THREE), List.of("a", "b", "c"), "a", 0.5, "fixed");
        assertEquals(0.7, m.accuracy());
        assertEquals(0.7222222222222222, m.precision());
        assertEquals(0.6944444444444443, m.recall());
        assertEquals(0.6984126984126985, m.f1(), ONE_ROUNDING);
        assertEquals(0.7430555555555557, m.rocAuc());
        assertEquals(0.5925925925925926, m.prAuc());
        assertEquals(0.8845697258388274, m.logLoss());
        assertArrayEquals(new int[][] {{2, 0, 1}, {0, 3, 1}, {1, 0, 2}}, m.confusionMatrix());
        assertArrayEquals(new int[] {3, 3, 4}, m.predictedPerClass());
        assertEquals(8, m.rocCurve().size());
        assertEquals(new RocPoint(0.14285714285714285, 0.3333333333333333, 0.5), m.rocCurve().get(2));
        assertEquals(Metric.F1.value(THREE_TRUTH, THREE, 0), m.f1(), "selection and evaluation take F1 the same way");
    }

    @Test
    void bestF1ThresholdOfEveryClassWithTiesIsTheOldOne() {
        assertEquals(new Metrics.F1Threshold(0.44999999999999996, 0.6666666666666666), Metrics.bestF1Threshold(BINARY_TRUTH, BINARY, 0));
        assertEquals(new Metrics.F1Threshold(0.0, 0.6666666666666666), Metrics.bestF1Threshold(BINARY_TRUTH, BINARY, 1));
        assertEquals(new Metrics.F1Threshold(0.35, 0.6666666666666666), Metrics.bestF1Threshold(THREE_TRUTH, THREE, 0));
        assertEquals(new Metrics.F1Threshold(0.45, 0.8571428571428571), Metrics.bestF1Threshold(THREE_TRUTH, THREE, 1));
        assertEquals(new Metrics.F1Threshold(0.35, 0.5714285714285714), Metrics.bestF1Threshold(THREE_TRUTH, THREE, 2));
    }

    @Test
    void baselineEvidenceIsTheHandComputedGainOverTheRowsOwnClassSharesWithItsBounds() {
        // shares 3/4 and 1/4; the true class's probabilities .9 .75 .5 .5
        int[] truth = {0, 0, 0, 1};
        double[][] probabilities = {{0.9, 0.1}, {0.75, 0.25}, {0.5, 0.5}, {0.5, 0.5}};
        EvaluationMetrics m = EvaluationMetrics.of(truth, probabilities, new int[] {0, 0, 0, 0}, List.of("a", "b"), "b", 0.5, "fixed");
        BaselineEvidence.LogLossGain gain = m.baseline().logLossGain();

        double[] gains = {Math.log(0.9 / 0.75), 0, Math.log(0.5 / 0.75), Math.log(0.5 / 0.25)};
        double mean = Math.log(1.6) / 4; // the gains' sum is log(1.2 * 2/3 * 2)
        double sd = Math.sqrt(Arrays.stream(gains).map(g -> (g - mean) * (g - mean)).sum() / 3);
        assertEquals(4, gain.rows());
        assertEquals(mean, gain.mean(), 1e-12);
        assertEquals(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) - m.logLoss(), gain.mean(), 1e-12,
                "the mean gain is the shares' log loss minus the model's");
        assertEquals(sd, gain.sd(), 1e-12);
        assertEquals(mean - 2.353363 * sd / 2, gain.lowerBound(), 1e-6, "Student's t with 3 degrees of freedom, 95% one-sided");

        // the positive (.5) is above two negatives and ties one: AUC 2.5 / 3; Hanley-McNeil with Q1 = 5/7, Q2 = 25/33
        // gives SE^2 = (A(1 - A) + 0 * (Q1 - A^2) + 2 * (Q2 - A^2)) / 3 = 35/396
        BaselineEvidence.RocAucBound auc = m.baseline().rocAuc();
        assertEquals(5.0 / 6, m.rocAuc(), 1e-12);
        assertEquals(1, auc.positives());
        assertEquals(3, auc.negatives());
        assertEquals(Math.sqrt(35.0 / 396), auc.standardError(), 1e-12);
        assertEquals(5.0 / 6 - 1.644854 * Math.sqrt(35.0 / 396), auc.lowerBound(), 1e-6);
    }

    @Test
    void rocAucStandardErrorAtOneHalfIsTheMannWhitneySpreadWithoutInformation() {
        for (int[] counts : new int[][] {{12, 844}, {2, 169}, {50, 50}}) {
            int positives = counts[0], negatives = counts[1];
            assertEquals(Math.sqrt((positives + negatives + 1) / (12.0 * positives * negatives)),
                    Metrics.rocAucStandardError(0.5, positives, negatives), 1e-12);
        }
    }

    @Test
    void moreThanTwoClassesHaveLogLossEvidenceButNoRocAucBound() {
        EvaluationMetrics m = EvaluationMetrics.of(THREE_TRUTH, THREE, Metrics.argmax(THREE), List.of("a", "b", "c"), "a", 0.5, "fixed");
        assertNull(m.baseline().rocAuc());
        assertEquals(THREE_TRUTH.length, m.baseline().logLossGain().rows());
        // shares 3, 4 and 3 in 10
        assertEquals(-(2 * 0.3 * Math.log(0.3) + 0.4 * Math.log(0.4)) - m.logLoss(), m.baseline().logLossGain().mean(), 1e-12);
    }

    private static void assertSelectionScores(int[] truth, double[][] probabilities, int positive, double rocAuc, double prAuc, double f1,
                                              double accuracy, double negatedLogLoss) {
        assertEquals(rocAuc, Metric.ROC_AUC.score(truth, probabilities, positive));
        assertEquals(prAuc, Metric.PR_AUC.score(truth, probabilities, positive));
        assertEquals(f1, Metric.F1.score(truth, probabilities, positive));
        assertEquals(accuracy, Metric.ACCURACY.score(truth, probabilities, positive));
        assertEquals(negatedLogLoss, Metric.LOG_LOSS.score(truth, probabilities, positive));
    }

    @Test
    void calibrationErrorIsTheRowWeightedGapBetweenClaimedAndObservedFrequency() {
        // two rows said 0.9 positive and one was (gap 0.4), two said 0.15 and neither was (gap 0.15): (2 * 0.4 + 2 * 0.15) / 4
        int[] truth = {1, 0, 0, 0};
        double[][] p = {{0.1, 0.9}, {0.1, 0.9}, {0.85, 0.15}, {0.85, 0.15}};
        assertEquals((2 * 0.4 + 2 * 0.15) / 4, Metrics.expectedCalibrationError(truth, p, 1), 1e-12);
        // with three classes the likeliest class is judged: right at 0.6 (gap 0.4), wrong at 0.7 (gap 0.7), in two bins
        int[] three = {0, 2};
        double[][] q = {{0.6, 0.3, 0.1}, {0.7, 0.2, 0.1}};
        assertEquals((0.4 + 0.7) / 2, Metrics.expectedCalibrationError(three, q, 0), 1e-12);
    }
}
