package io.tabml.training;

/**
 * How a regression target is transformed before fitting and turned back after predicting. A
 * positive, right-skewed target (prices, durations, amounts) often fits better on a log scale, where
 * its errors are more even; selection tries {@link #LOG} only for such a target
 * ({@link #worthTrying}) and keeps it only when it scores better in the original unit.
 *
 * <p>Back on the original scale a log model predicts something nearer the conditional median than
 * the mean; where that matters, cross-validation in the original unit is what decides.
 */
public enum TargetTransform {
    NONE("none"), LOG("log1p");

    /** A target whose skewness is above this (and whose values are all 0 or more) gets the log tried. */
    static final double SKEWNESS_TO_TRY_LOG = 1.0;

    private final String id;

    TargetTransform(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    double apply(double y) {
        return this == LOG ? Math.log1p(y) : y;
    }

    double invert(double z) {
        return this == LOG ? Math.expm1(z) : z;
    }

    double[] apply(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) z[i] = apply(y[i]);
        return z;
    }

    /** Whether the log is worth a try: every value 0 or more, and a long right tail (sample skewness above {@value #SKEWNESS_TO_TRY_LOG}). */
    static boolean worthTrying(double[] y) {
        double mean = 0, min = Double.POSITIVE_INFINITY;
        for (double v : y) {
            mean += v / y.length;
            min = Math.min(min, v);
        }
        if (min < 0) return false;
        double m2 = 0, m3 = 0;
        for (double v : y) {
            double d = v - mean;
            m2 += d * d / y.length;
            m3 += d * d * d / y.length;
        }
        return m2 > 0 && m3 / Math.pow(m2, 1.5) > SKEWNESS_TO_TRY_LOG;
    }
}
