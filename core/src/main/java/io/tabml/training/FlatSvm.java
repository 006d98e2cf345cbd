package io.tabml.training;

import java.io.Serializable;
import smile.classification.SVM;
import smile.math.kernel.GaussianKernel;

/**
 * A Smile RBF SVM's support vectors copied into one array, for serving: the same score to within
 * rounding, in half the time. Smile scores a row one support vector at a time, and each distance is
 * one chain of dependent additions, so the processor waits on every addition; a model has hundreds
 * of support vectors of dozens of columns, about 45 microseconds a row here. This sums four
 * distances at once, each in Smile's order, so the four chains overlap, and adds the kernel values
 * to the score in Smile's order.
 *
 * <p>Smile's score is {@code b + sum_i w_i k(x, v_i)} with {@code k(x, v) = exp(-0.5 t^2)},
 * {@code t = sqrt(|x - v|^2) / sigma} ({@code GaussianKernel}, {@code MathEx.distance}). This
 * computes {@code exp(|x - v|^2 * (-0.5 / sigma^2))}: the same number but for the rounding of the
 * square root and the division it saves (a few units in the last place of the exponent; scores
 * agree to 12 digits, {@code FlatSvmTest}), and a fifth of the time.
 *
 * <p>Serialisable only so that it can be a component of the {@link Learners} SVM record: its
 * arrays are transient and the record rebuilds it from the Smile model when an artifact is read, so
 * artifacts keep the model once and ones written before this class still load.
 */
final class FlatSvm implements Serializable {
    private final transient double[] vectors; // support vector i's column j at i * columns + j
    private final transient double[] weights;
    private final transient double intercept;
    private final transient int columns;
    private final transient double exponentPerSquaredDistance; // -0.5 / sigma^2

    private FlatSvm(double[] vectors, double[] weights, double intercept, double sigma, int columns) {
        this.vectors = vectors;
        this.weights = weights;
        this.intercept = intercept;
        this.columns = columns;
        this.exponentPerSquaredDistance = -0.5 / (sigma * sigma);
    }

    static FlatSvm of(SVM<double[]> model) {
        if (!(model.kernel() instanceof GaussianKernel kernel)) {
            throw new IllegalArgumentException("only an RBF (Gaussian) kernel is copied, not " + model.kernel());
        }
        double[][] support = model.vectors();
        int columns = support.length == 0 ? 0 : support[0].length;
        double[] vectors = new double[support.length * columns];
        for (int i = 0; i < support.length; i++) System.arraycopy(support[i], 0, vectors, i * columns, columns);
        return new FlatSvm(vectors, model.weights().clone(), model.intercept(), kernel.scale(), columns);
    }

    /** The SVM's score of the row, as {@code model.score(x)} gives it (to within rounding). */
    double score(double[] x) {
        if (x.length != columns && weights.length > 0) throw new IllegalArgumentException("Input vector sizes are different.");
        double score = intercept;
        int n = weights.length, i = 0;
        for (; i + 4 <= n; i += 4) {
            int o0 = i * columns, o1 = o0 + columns, o2 = o1 + columns, o3 = o2 + columns;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int j = 0; j < columns; j++) {
                double xj = x[j];
                double d0 = xj - vectors[o0 + j], d1 = xj - vectors[o1 + j], d2 = xj - vectors[o2 + j], d3 = xj - vectors[o3 + j];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            score += weights[i] * kernel(s0);
            score += weights[i + 1] * kernel(s1);
            score += weights[i + 2] * kernel(s2);
            score += weights[i + 3] * kernel(s3);
        }
        for (; i < n; i++) {
            int o = i * columns;
            double s = 0;
            for (int j = 0; j < columns; j++) {
                double d = x[j] - vectors[o + j];
                s += d * d;
            }
            score += weights[i] * kernel(s);
        }
        return score;
    }

    private double kernel(double squaredDistance) {
        return Math.exp(squaredDistance * exponentPerSquaredDistance);
    }
}
