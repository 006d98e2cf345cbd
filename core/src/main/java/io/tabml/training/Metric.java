package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A metric model selection can maximise, computed on cross-validated class probabilities (see
 * {@link Metrics} for the arguments). Its {@link #id()} is how {@code config.json} and
 * {@code metrics.json} name it, in JSON too.
 */
public enum Metric {
    /** ROC AUC of the positive class; for more than two classes the macro one-vs-rest average. */
    ROC_AUC("roc_auc", true, Metrics::rocAuc),
    /** Average precision of the positive class; for more than two classes the macro one-vs-rest average. */
    PR_AUC("pr_auc", true, Metrics::prAuc),
    /** F1 of the positive class at its best threshold; for more than two classes the macro F1 of the likeliest class. */
    F1("f1", true, Metrics::f1AtBestThreshold),
    /** The share of rows whose likeliest class is the true one. */
    ACCURACY("accuracy", true, (truth, probabilities, positive) -> Metrics.accuracy(truth, Metrics.argmax(probabilities))),
    LOG_LOSS("log_loss", false, (truth, probabilities, positive) -> Metrics.logLoss(truth, probabilities));

    /** How a metric is computed from every row's true class index and class probabilities. */
    @FunctionalInterface
    private interface Computation {
        double of(int[] truth, double[][] probabilities, int positive);
    }

    private final String id;
    private final boolean higherIsBetter;
    private final Computation computation;

    Metric(String id, boolean higherIsBetter, Computation computation) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
        this.computation = computation;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The metric's value, e.g. a log loss of 0.3. */
    public double value(int[] truth, double[][] probabilities, int positive) {
        return computation.of(truth, probabilities, positive);
    }

    /** The value turned so that higher is always better (a log loss is negated): what selection maximises. */
    public double score(int[] truth, double[][] probabilities, int positive) {
        double value = value(truth, probabilities, positive);
        return higherIsBetter ? value : -value;
    }

    /** The metric of that id, in any case. */
    @JsonCreator
    public static Metric of(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("unknown metric '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }

    /** Every metric's id, in alphabetical order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).sorted().toList();
    }
}
