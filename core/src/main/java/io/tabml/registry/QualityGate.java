package io.tabml.registry;

import io.tabml.training.EvaluationMetrics;
import java.util.Arrays;

/**
 * Decides whether a new version may replace the champion: it must be sane (every class predicted
 * at least once on the holdout, ROC AUC above 0.5) and its holdout AUC not below the champion's by
 * more than the tolerance.
 */
public final class QualityGate {
    private final double tolerance;

    public QualityGate(double tolerance) {
        this.tolerance = tolerance;
    }

    public GateDecision judge(EvaluationMetrics candidate, EvaluationMetrics champion) {
        if (Arrays.stream(candidate.predictedPerClass()).anyMatch(count -> count == 0)) {
            return new GateDecision(false, "not promoted: the model never predicts some class on its holdout");
        }
        if (!(candidate.rocAuc() > 0.5)) {
            return new GateDecision(false, String.format("not promoted: ROC AUC %.4f is no better than chance", candidate.rocAuc()));
        }
        if (champion == null) {
            return new GateDecision(true, String.format("first version to pass the gate (ROC AUC %.4f)", candidate.rocAuc()));
        }
        if (candidate.rocAuc() < champion.rocAuc() - tolerance) {
            return new GateDecision(false, String.format("not promoted: ROC AUC %.4f is below the champion's %.4f by more than %.4f",
                    candidate.rocAuc(), champion.rocAuc(), tolerance));
        }
        return new GateDecision(true, String.format("ROC AUC %.4f against the champion's %.4f (tolerance %.4f)",
                candidate.rocAuc(), champion.rocAuc(), tolerance));
    }
}
