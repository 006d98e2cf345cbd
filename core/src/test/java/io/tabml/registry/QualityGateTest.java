package io.tabml.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.training.EvaluationMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    private final QualityGate gate = new QualityGate(0.01);

    private static EvaluationMetrics metrics(double auc, int[] predictedPerClass) {
        return new EvaluationMetrics(100, List.of("a", "b"), "b", 0.5, "fixed", 0.9, 0.5, 0.5, 0.5, auc, 0.4, 0.3,
                new int[][] {{80, 10}, {5, 5}}, predictedPerClass, List.of());
    }

    @Test
    void promotesASaneFirstVersion() {
        assertTrue(gate.judge(metrics(0.8, new int[] {85, 15}), null).promote());
    }

    @Test
    void refusesAModelThatNeverPredictsAClass() {
        GateDecision decision = gate.judge(metrics(0.8, new int[] {100, 0}), null);
        assertFalse(decision.promote());
        assertTrue(decision.reason().contains("never predicts"));
    }

    @Test
    void refusesAModelNoBetterThanChance() {
        assertFalse(gate.judge(metrics(0.5, new int[] {50, 50}), null).promote());
    }

    @Test
    void comparesWithTheChampionWithinTheTolerance() {
        EvaluationMetrics champion = metrics(0.80, new int[] {85, 15});
        assertTrue(gate.judge(metrics(0.795, new int[] {85, 15}), champion).promote());
        GateDecision worse = gate.judge(metrics(0.78, new int[] {85, 15}), champion);
        assertFalse(worse.promote());
        assertTrue(worse.reason().contains("0.7800") && worse.reason().contains("0.8000"), worse.reason());
    }
}
