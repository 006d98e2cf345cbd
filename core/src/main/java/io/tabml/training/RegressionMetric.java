package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A metric regression selection can optimise, computed from true and predicted values; its
 * {@link #id()} is how {@code config.json} and reports name it. The default is RMSE.
 */
public enum RegressionMetric {
    /** Root mean squared error, in the target's unit: large errors weigh most. */
    RMSE("rmse", false),
    /** Mean absolute error, in the target's unit: every unit of error weighs the same. */
    MAE("mae", false),
    /** The share of the target's variance the predictions explain, 1 - SSE / SST: 0 is the rows' mean, 1 perfect. */
    R2("r2", true);

    private final String id;
    private final boolean higherIsBetter;

    RegressionMetric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public double value(double[] truth, double[] predicted) {
        return switch (this) {
            case RMSE -> RegressionMetrics.rmse(truth, predicted);
            case MAE -> RegressionMetrics.mae(truth, predicted);
            case R2 -> RegressionMetrics.r2(truth, predicted);
        };
    }

    /** The value turned so that higher is always better (an error is negated): what selection maximises. */
    public double score(double[] truth, double[] predicted) {
        double value = value(truth, predicted);
        return higherIsBetter ? value : -value;
    }

    /**
     * The per-row error whose mean this metric orders models by: absolute error for MAE, squared
     * error for RMSE and R² (on the same rows both are monotone in the mean squared error). The
     * quality gate tests the mean of the per-row differences of this error.
     */
    public double rowError(double truth, double predicted) {
        double error = truth - predicted;
        return this == MAE ? Math.abs(error) : error * error;
    }

    @JsonCreator
    public static RegressionMetric of(String id) {
        for (RegressionMetric m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("unknown regression metric '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(RegressionMetric::id).sorted().toList();
    }
}
