package io.tabml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.Json;
import io.tabml.training.BaselineEvidence.LogLossGain;
import io.tabml.training.BaselineEvidence.RocAucBound;
import io.tabml.training.BaselineEvidence;
import io.tabml.training.EvaluationMetrics;
import io.tabml.training.PairedEvidence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each test of the gate and its boundary, on synthetic holdout metrics. The evidence is made by the
 * same factories the trainer uses, from the summary numbers a holdout would give.
 */
class QualityGateTest {
    private final QualityGate gate = new QualityGate(0.01);

    /** Beats the class shares clearly: mean gain 0.2 with a small spread over 500 rows. */
    private static final LogLossGain CLEAR_GAIN = LogLossGain.of(500, 0.2, 0.5);
    /** Worse than the class shares, as a model trained with class weights often is on a rare class. */
    private static final LogLossGain MISCALIBRATED = LogLossGain.of(856, -0.05, 0.5);

    /** Holdout metrics with the given {@code confusion[actual][predicted]}; only what the gate reads is meaningful. */
    private static EvaluationMetrics metrics(int[][] confusion, double rocAuc, BaselineEvidence baseline) {
        int k = confusion.length;
        List<String> classes = List.of("a", "b", "c", "d", "e", "f").subList(0, k);
        int[] predicted = new int[k];
        int rows = 0;
        for (int[] actual : confusion) {
            for (int c = 0; c < k; c++) {
                predicted[c] += actual[c];
                rows += actual[c];
            }
        }
        return new EvaluationMetrics(rows, classes, classes.get(k - 1), 0.5, "fixed", 0.8, 0.5, 0.5, 0.5, rocAuc, 0.4, 0.3,
                confusion, predicted, List.of(), baseline, null);
    }

    /** Two classes, {@code positives} of {@code rows}, half the positives found. */
    private static EvaluationMetrics binary(int rows, int positives, double rocAuc, LogLossGain gain) {
        int negatives = rows - positives;
        int found = positives / 2;
        return metrics(new int[][] {{negatives - found, found}, {positives - found, found}}, rocAuc,
                new BaselineEvidence(gain, RocAucBound.of(rocAuc, positives, negatives)));
    }

    /** Three classes of 100 rows, the last of which has {@code lastClassRows} rows predicted as nothing but the first. */
    private static EvaluationMetrics neverPredictingTheLastClass(int lastClassRows) {
        return metrics(new int[][] {{90, 10, 0}, {10, 90, 0}, {lastClassRows, 0, 0}}, 0.8, new BaselineEvidence(CLEAR_GAIN, null));
    }

    @Test
    void promotesTheRareBinaryUserCaseOnItsRocAucThoughItsLogLossIsWorseThanTheShares() {
        // 12 positives in 856 rows, ROC AUC 0.74: its bound clears 0.5 while the log-loss gain's does not
        GateDecision decision = gate.judge(binary(856, 12, 0.74, MISCALIBRATED), null);
        assertTrue(decision.promote(), decision.reason());
        assertTrue(decision.reason().startsWith("first version to pass the gate"), decision.reason());
        assertTrue(decision.reason().contains("ROC AUC 0.7400 with 95% lower bound 0.60"), decision.reason());
        assertEquals(1, decision.warnings().size(), "the log-loss finding is a warning: " + decision.warnings());
        assertTrue(decision.warnings().get(0).contains("poorly calibrated"), decision.warnings().get(0));
    }

    @Test
    void promotesTheSixClassUserCaseWithAWarningAboutItsTwoRowClass() {
        // 6 classes, the smallest with 2 holdout rows and never predicted
        int[][] confusion = {{100, 8, 2, 0, 0, 0}, {10, 60, 4, 0, 0, 0}, {5, 3, 30, 2, 0, 0},
                {0, 0, 3, 20, 1, 0}, {0, 0, 1, 2, 11, 0}, {0, 0, 0, 1, 1, 0}};
        GateDecision decision = gate.judge(metrics(confusion, 0.85, new BaselineEvidence(LogLossGain.of(264, 0.57, 1.14), null)), null);
        assertTrue(decision.promote(), decision.reason());
        assertEquals(1, decision.warnings().size(), decision.warnings().toString());
        String warning = decision.warnings().get(0);
        assertTrue(warning.contains("never predicts class 'f'") && warning.contains("2 evaluated rows") && warning.contains("77.6%"), warning);
    }

    @Test
    void refusesAModelThatNeverPredictsAClassWithFortyHoldoutRowsNamingTheTestAndItsNumbers() {
        GateDecision decision = gate.judge(neverPredictingTheLastClass(40), null);
        assertFalse(decision.promote());
        String recallBound = String.format("%.1f%%", 100 * (1 - Math.pow(0.05, 1.0 / 40))); // 7.2%
        assertTrue(decision.reason().startsWith("not promoted (class test)"), decision.reason());
        assertTrue(decision.reason().contains("class 'c'") && decision.reason().contains("40 evaluated rows") && decision.reason().contains(recallBound),
                decision.reason());
    }

    @Test
    void theClassTestRefusesFrom29RowsWhereTheRecallBoundFallsBelowTenPercentAndWarnsBelow() {
        assertTrue(1 - Math.pow(0.05, 1.0 / 28) >= 0.10 && 1 - Math.pow(0.05, 1.0 / 29) < 0.10, "the boundary this test puts at 29");
        GateDecision below = gate.judge(neverPredictingTheLastClass(28), null);
        assertTrue(below.promote(), below.reason());
        assertTrue(below.warnings().get(0).contains("class 'c', though 28 evaluated rows"), below.warnings().toString());
        assertFalse(gate.judge(neverPredictingTheLastClass(29), null).promote());
    }

    @Test
    void refusesAModelNoBetterThanTheClassSharesNamingTheBaselineTestAndItsNumbers() {
        LogLossGain none = LogLossGain.of(400, 0.001, 0.3);
        GateDecision decision = gate.judge(binary(400, 40, 0.55, none), null);
        assertFalse(decision.promote());
        assertTrue(decision.reason().startsWith("not promoted (baseline test)"), decision.reason());
        assertTrue(decision.reason().contains(String.format("lower bound %.4f over 400 rows", none.lowerBound()))
                && decision.reason().contains("ROC AUC 0.5500") && decision.reason().contains("40 positives, 360 negatives"), decision.reason());
    }

    @Test
    void theLogLossBoundMustBeAboveZero() {
        int[][] confusion = {{80, 10, 10}, {10, 80, 10}, {10, 10, 80}};
        assertFalse(gate.judge(metrics(confusion, 0.8, new BaselineEvidence(new LogLossGain(300, 0.05, 0.3, 0.0), null)), null).promote());
        assertTrue(gate.judge(metrics(confusion, 0.8, new BaselineEvidence(new LogLossGain(300, 0.05, 0.3, 1e-9), null)), null).promote());
    }

    @Test
    void theRocAucBoundMustBeAboveOneHalf() {
        int[][] confusion = {{80, 20}, {5, 15}};
        LogLossGain noGain = new LogLossGain(120, 0, 0.3, -0.05);
        assertFalse(gate.judge(metrics(confusion, 0.7, new BaselineEvidence(noGain, new RocAucBound(20, 100, 0.1, 0.5))), null).promote());
        assertTrue(gate.judge(metrics(confusion, 0.7, new BaselineEvidence(noGain, new RocAucBound(20, 100, 0.1, 0.5 + 1e-9))), null)
                .promote());
    }

    /** A champion (version 3) that could not be compared on the same rows, for the reason given. */
    private static QualityGate.ChampionEvidence unpaired(EvaluationMetrics metrics) {
        return new QualityGate.ChampionEvidence(3, metrics, null, "the champion (v3) was registered without a record of its training rows");
    }

    /** A champion (version 3) compared on 400 shared rows, the new version leading by {@code advantage} within the given bounds. */
    private static QualityGate.ChampionEvidence paired(double advantage, double lowerBound, double upperBound) {
        var evidence = new PairedEvidence(PairedEvidence.Measure.ROC_AUC, 400, 120, 3, 0.80 + advantage, 0.80, advantage,
                (upperBound - lowerBound) / 3.29, lowerBound, upperBound);
        return new QualityGate.ChampionEvidence(3, binary(1000, 100, 0.80, CLEAR_GAIN), evidence, null);
    }

    @Test
    void aLaterVersionMustAlsoBeatTheClassSharesThoughItMatchesTheChampion() {
        EvaluationMetrics champion = binary(400, 40, 0.55, CLEAR_GAIN);
        GateDecision decision = gate.judge(binary(400, 40, 0.55, LogLossGain.of(400, 0, 0.3)), unpaired(champion));
        assertFalse(decision.promote());
        assertTrue(decision.reason().startsWith("not promoted (baseline test)"), decision.reason());
    }

    @Test
    void refusesAVersionTheSharedRowsShowWorseThanTheChampionByMoreThanTheTolerance() {
        GateDecision worse = gate.judge(binary(1000, 100, 0.85, CLEAR_GAIN), paired(-0.04, -0.06, -0.0101));
        assertFalse(worse.promote());
        assertTrue(worse.reason().startsWith("not promoted (champion test): worse than the champion by more than the tolerance"),
                worse.reason());
        assertTrue(worse.reason().contains("on 400 rows both were scored on (120 more left out: the champion trained on them)")
                && worse.reason().contains("ROC AUC 0.7600 against the champion v3's 0.8000, a lead of -0.0400 with 95% bounds -0.0600 to -0.0101"),
                worse.reason());
        assertEquals(-0.04, worse.championComparison().advantage());
        // its own estimate (0.85) beats the champion's (0.80): only the comparison on the same rows shows it worse
        assertTrue(gate.judge(binary(1000, 100, 0.85, CLEAR_GAIN), paired(-0.04, -0.06, -0.0099)).promote());
    }

    @Test
    void aVersionBehindTheChampionWithoutProofIsPromotedWithAWarning() {
        GateDecision behind = gate.judge(binary(1000, 100, 0.78, CLEAR_GAIN), paired(-0.02, -0.05, 0.01));
        assertTrue(behind.promote(), behind.reason());
        assertTrue(behind.reason().contains("compared with the champion on 400 rows"), behind.reason());
        assertTrue(behind.warnings().get(0).startsWith("behind the champion by more than the tolerance on these rows, though not"),
                behind.warnings().toString());
        GateDecision level = gate.judge(binary(1000, 100, 0.78, CLEAR_GAIN), paired(-0.005, -0.03, 0.02));
        assertTrue(level.promote() && level.warnings().isEmpty(), level.warnings().toString());
    }

    @Test
    void withoutSharedRowsComparesTheEstimatesWithinTheToleranceAndSaysWhy() {
        var champion = unpaired(binary(1000, 100, 0.80, CLEAR_GAIN));
        GateDecision within = gate.judge(binary(1000, 100, 0.795, CLEAR_GAIN), champion);
        assertTrue(within.promote(), within.reason());
        assertTrue(within.reason().contains("against the champion v3's 0.8000 (tolerance 0.0100)"), within.reason());
        assertTrue(within.warnings().get(0).startsWith("not compared with the champion on the same rows: the champion (v3) was registered"),
                within.warnings().toString());
        GateDecision worse = gate.judge(binary(1000, 100, 0.78, CLEAR_GAIN), champion);
        assertFalse(worse.promote());
        assertTrue(worse.reason().startsWith("not promoted (champion test)") && worse.reason().contains("0.7800")
                && worse.reason().contains("0.8000"), worse.reason());
    }

    @Test
    void aReportWithoutEvidenceIsJudgedByRocAucAgainstChanceWithAWarning() {
        int[][] confusion = {{80, 10}, {5, 5}};
        GateDecision chance = gate.judge(metrics(confusion, 0.5, null), null);
        assertFalse(chance.promote());
        assertTrue(chance.reason().startsWith("not promoted (chance test)"), chance.reason());
        GateDecision better = gate.judge(metrics(confusion, 0.8, null), null);
        assertTrue(better.promote(), better.reason());
        assertTrue(better.warnings().get(0).contains("no baseline evidence"), better.warnings().toString());
    }

    @Test
    void aDecisionStoredBeforeWarningsReadsWithNone() {
        String stored = "{\"promote\": false, \"reason\": \"not promoted: the model never predicts some class on its holdout\"}";
        GateDecision decision = Json.read(stored.getBytes(StandardCharsets.UTF_8), GateDecision.class);
        assertEquals(List.of(), decision.warnings());
        assertFalse(decision.promote());
    }
}
