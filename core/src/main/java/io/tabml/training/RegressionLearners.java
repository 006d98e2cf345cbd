package io.tabml.training;

import io.tabml.training.RegressionParams.BoostingParams;
import io.tabml.training.RegressionParams.ForestParams;
import io.tabml.training.RegressionParams.RidgeParams;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.ValueVector;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/**
 * Fits regressors on encoded rows: ridge regression (ours, see {@link #ridge}), and Smile's random
 * forest and least-squares gradient boosting. Every fit is seeded as {@link Learners}' are, so the
 * same rows and seed give the same model on any thread.
 */
final class RegressionLearners {
    private static final String LABEL = "__target";

    private RegressionLearners() {}

    static Regressor fit(RegressionParams params, double[][] x, double[] y, long seed) {
        MathEx.setSeed(seed);
        return switch (params) {
            case RidgeParams ridge -> ridge(ridge, x, y);
            case ForestParams forest -> forest(forest, x, y, seed);
            case BoostingParams boosting -> new Boosted(boost(boosting, x, y), Learners.predictors(x[0].length));
        };
    }

    /**
     * Ridge regression by its normal equations, {@code (X'X + lambda n I) b = X'y} on centred columns
     * (the intercept is not penalised), solved by Cholesky. Written here because Smile's
     * {@code RidgeRegression} factorises through its native LAPACK binding, which the function app
     * does not ship (it keeps only pure-Java learners); the encoded columns are at most a few hundred,
     * so the p x p system is small.
     */
    static Regressor ridge(RidgeParams params, double[][] x, double[] y) {
        int n = x.length, p = x[0].length;
        double[] means = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += y[i] / n;
            for (int j = 0; j < p; j++) means[j] += x[i][j] / n;
        }
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) row[j] = x[i][j] - means[j];
            double target = y[i] - yMean;
            for (int j = 0; j < p; j++) {
                if (row[j] == 0) continue;
                b[j] += row[j] * target;
                for (int k = 0; k <= j; k++) a[j][k] += row[j] * row[k];
            }
        }
        for (int j = 0; j < p; j++) a[j][j] += params.lambda() * n;
        double[] beta = cholesky(a, b);
        double intercept = yMean;
        for (int j = 0; j < p; j++) intercept -= beta[j] * means[j];
        return new Linear(beta, intercept);
    }

    /** Solves {@code a x = b} for a symmetric positive definite {@code a} of which the lower triangle is filled. */
    private static double[] cholesky(double[][] a, double[] b) {
        int p = b.length;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            l[j][j] = Math.sqrt(Math.max(d, 1e-12)); // the penalty keeps it positive; the floor guards rounding
            for (int i = j + 1; i < p; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = s / l[j][j];
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
            z[i] = s / l[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < p; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** A forest whose splits try a third of the encoded columns (the usual choice for regression), at most {@link Learners#MAX_FOREST_LEAVES} leaves a tree. */
    private static Regressor forest(ForestParams params, double[][] x, double[] y, long seed) {
        int p = x[0].length;
        int mtry = Math.max(1, p / 3);
        long[] seeds = new long[params.ntrees()];
        for (int t = 0; t < seeds.length; t++) seeds[t] = seed * 1_000_003L + t;
        int maxNodes = Math.max(2, Math.min(Learners.MAX_FOREST_LEAVES, x.length / params.nodeSize()));
        var options = new RandomForest.Options(params.ntrees(), mtry, 64, maxNodes, params.nodeSize(), 1.0, seeds, null);
        return new Forest(RandomForest.fit(Formula.lhs(LABEL), frame(x, y), options), Learners.predictors(p));
    }

    private static GradientTreeBoost boost(BoostingParams params, double[][] x, double[] y) {
        var options = new GradientTreeBoost.Options(Loss.ls(), params.ntrees(), 20, params.maxNodes(), 5, params.shrinkage(), 0.7, null, null);
        return GradientTreeBoost.fit(Formula.lhs(LABEL), frame(x, y), options);
    }

    /** A boosted model of {@code params.ntrees()} trees, and the validation rows' summed squared error after each of its trees. */
    record Staged(Boosted model, double[] loss) {}

    /** Boosting watched on validation rows (Smile's {@code test} gives the predictions after every tree), to choose the number of trees. */
    static Staged boostingStaged(BoostingParams params, double[][] x, double[] y, long seed, double[][] validX, double[] validY) {
        MathEx.setSeed(seed);
        GradientTreeBoost model = boost(params, x, y);
        double[][] staged = model.test(DataFrame.of(validX, Learners.names(x[0].length)));
        double[] loss = new double[staged.length];
        for (int i = 0; i < validY.length; i++) {
            for (int t = 0; t < staged.length; t++) {
                double error = validY[i] - staged[t][i];
                loss[t] += error * error;
            }
        }
        return new Staged(new Boosted(model, Learners.predictors(x[0].length)), loss);
    }

    /** The model with its first {@code ntrees} trees. */
    static Boosted trim(Boosted model, int ntrees) {
        return new Boosted(model.model().trim(ntrees), model.schema());
    }

    private static DataFrame frame(double[][] x, double[] y) {
        return DataFrame.of(x, Learners.names(x[0].length)).add(ValueVector.of(LABEL, y));
    }

    /** {@code intercept + beta . x}. */
    record Linear(double[] beta, double intercept) implements Regressor {
        @Override
        public double predict(double[] x) {
            double sum = intercept;
            for (int j = 0; j < beta.length; j++) sum += beta[j] * x[j];
            return sum;
        }
    }

    record Forest(RandomForest model, StructType schema) implements Regressor {
        @Override
        public double predict(double[] x) {
            return model.predict(Tuple.of(schema, x));
        }
    }

    record Boosted(GradientTreeBoost model, StructType schema) implements Regressor {
        @Override
        public double predict(double[] x) {
            return model.predict(Tuple.of(schema, x));
        }
    }
}
