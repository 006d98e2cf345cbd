package io.tabml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.Task;
import io.tabml.training.PairedEvidence;
import io.tabml.training.RegressionMetric;
import io.tabml.training.RegressionMetrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quality gate's tests of a regressor: against the training mean, and against a champion regressor. */
class RegressionGateTest {
    private final QualityGate gate = new QualityGate(0.01);

    private static RegressionMetrics metrics(double rmse, double gainLowerBound) {
        return new RegressionMetrics(200, RegressionMetric.RMSE, 1000, rmse, rmse * 0.8, 0.8, null, 400,
                new RegressionMetrics.ErrorGain("squared error", 200, 1000, 3000, gainLowerBound),
                new RegressionMetrics.Interval(0.05, 0.95, -200, 200, 0.9), List.of());
    }

    /** Per-row predictions of {@code truth} off by noise of the given spread, seeded. */
    private static double[] predictions(double[] truth, double spread, long seed) {
        Random random = new Random(seed);
        double[] predicted = new double[truth.length];
        for (int i = 0; i < truth.length; i++) predicted[i] = truth[i] + random.nextGaussian() * spread;
        return predicted;
    }

    private static double[] truth(int n) {
        Random random = new Random(1);
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) truth[i] = 1000 + random.nextGaussian() * 400;
        return truth;
    }

    @Test
    void aRegressorMustBeShownToBeatTheTrainingMean() {
        GateDecision refused = gate.judgeRegression(metrics(390, -5), null);
        assertFalse(refused.promote());
        assertTrue(refused.reason().startsWith("not promoted (baseline test): no better than predicting the training mean: RMSE 390"),
                refused.reason());
        GateDecision first = gate.judgeRegression(metrics(150, 500), null);
        assertTrue(first.promote());
        assertTrue(first.reason().startsWith("first version to pass the gate"), first.reason());
    }

    @Test
    void onTheSameRowsAClearlyWorseRegressorIsRefusedAndAnEqualOnePasses() {
        double[] truth = truth(400);
        double[] champion = predictions(truth, 100, 2);
        var worse = PairedEvidence.ofErrors(RegressionMetric.RMSE, truth, predictions(truth, 160, 3), champion, 25, 1);
        assertEquals(PairedEvidence.Measure.SQUARED_ERROR, worse.measure());
        assertTrue(worse.advantage() < 0 && worse.upperBound() < 0, "the rows show it worse: " + worse);
        GateDecision refused = gate.judgeRegression(metrics(160, 500), new QualityGate.RegressionChampionEvidence(1, metrics(100, 600), worse, null));
        assertFalse(refused.promote());
        assertTrue(refused.reason().startsWith("not promoted (champion test): worse than the champion by more than the tolerance"),
                refused.reason());
        assertTrue(refused.reason().contains("tolerance 1.0% of the champion's"), refused.reason());

        var alike = PairedEvidence.ofErrors(RegressionMetric.RMSE, truth, predictions(truth, 100, 4), champion, 25, 1);
        GateDecision passed = gate.judgeRegression(metrics(100, 500), new QualityGate.RegressionChampionEvidence(1, metrics(100, 600), alike, null));
        assertTrue(passed.promote(), passed.reason());
        assertEquals(alike, passed.championComparison());
    }

    @Test
    void unpairedTheHoldoutEstimatesAreComparedWithARelativeTolerance() {
        var champion = new QualityGate.RegressionChampionEvidence(3, metrics(100, 600), null, "the champion (v3) was registered without a record of its training rows");
        GateDecision within = gate.judgeRegression(metrics(100.9, 500), champion);
        assertTrue(within.promote(), within.reason());
        assertTrue(within.warnings().get(0).contains("without a record of its training rows"), within.warnings().toString());
        GateDecision beyond = gate.judgeRegression(metrics(101.1, 500), champion);
        assertFalse(beyond.promote());
        assertTrue(beyond.reason().startsWith("not promoted (champion test): RMSE 101.1 against the champion v3's 100.0"), beyond.reason());
    }

    @Test
    void aChangeOfTaskIsNeverPromotedAutomatically() {
        GateDecision own = gate.judgeRegression(metrics(150, 500), null);
        GateDecision changed = gate.taskChanged(own, 4, Task.CLASSIFICATION, Task.REGRESSION);
        assertFalse(changed.promote());
        assertTrue(changed.reason().startsWith("not promoted (task test): the champion v4 is a classification model and this version a "
                + "regression one"), changed.reason());
    }
}
