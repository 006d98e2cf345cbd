package io.tabml.training;

import io.tabml.training.Hyperparameters.BoostingParams;
import io.tabml.training.Hyperparameters.ForestParams;
import io.tabml.training.Hyperparameters.LogisticParams;
import io.tabml.training.Hyperparameters.SvmParams;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.PlattScaling;
import smile.classification.RandomForest;
import smile.classification.SVM;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.ValueVector;
import smile.math.kernel.GaussianKernel;

/** Fits Smile's learners on encoded rows and wraps each as a {@link ProbabilisticClassifier}. */
final class Learners {
    private static final String LABEL = "__label";

    private Learners() {}

    /** Fits the algorithm the hyperparameters are for. */
    static ProbabilisticClassifier fit(Hyperparameters params, double[][] x, int[] y, int classes, long seed) {
        return switch (params) {
            case LogisticParams logistic -> new Logistic(LogisticRegression.fit(x, y,
                    new LogisticRegression.Options(logistic.lambda(), 1e-5, 500)), classes);
            case ForestParams forest -> forest(forest, x, y, classes, seed);
            case BoostingParams boosting -> boosting(boosting, x, y, classes);
            case SvmParams svm -> svm(svm, x, y, seed);
        };
    }

    private static ProbabilisticClassifier forest(ForestParams params, double[][] x, int[] y, int classes, long seed) {
        DataFrame frame = frame(x, y);
        int p = x[0].length;
        int mtry = (int) Math.max(1, Math.min(p, Math.round(Math.sqrt(p) * params.mtryFactor())));
        int ntrees = params.ntrees();
        long[] seeds = new long[ntrees];
        for (int t = 0; t < ntrees; t++) seeds[t] = seed * 1_000_003L + t;
        var options = new RandomForest.Options(ntrees, mtry, smile.base.cart.SplitRule.GINI, 16, 0,
                params.nodeSize(), 1.0, null, seeds, null);
        RandomForest model = RandomForest.fit(Formula.lhs(LABEL), frame, options);
        return new TreeModel(model, predictors(x[0].length), classes);
    }

    private static ProbabilisticClassifier boosting(BoostingParams params, double[][] x, int[] y, int classes) {
        var options = new GradientTreeBoost.Options(params.ntrees(), 20, params.maxNodes(), 5, params.shrinkage(), 0.7, null, null);
        GradientTreeBoost model = GradientTreeBoost.fit(Formula.lhs(LABEL), frame(x, y), options);
        return new TreeModel(model, predictors(x[0].length), classes);
    }

    /**
     * An RBF SVM on 80% of the rows with Platt scaling fitted on the other 20%, so the
     * probabilities are not calibrated on the rows the SVM has already seen. Binary only.
     */
    private static ProbabilisticClassifier svm(SvmParams params, double[][] x, int[] y, long seed) {
        int[][] parts = Splits.stratifiedHoldout(y, 2, 0.2, seed);
        double[][] fitX = Splits.select(x, parts[0]);
        double[][] calX = Splits.select(x, parts[1]);
        int[] fitY = signs(Splits.select(y, parts[0]));
        int[] calY = signs(Splits.select(y, parts[1]));
        // gamma = gammaFactor / p (scikit-learn's 'scale' on standardised data); sigma from gamma = 1 / (2 sigma^2)
        double gamma = params.gammaFactor() / x[0].length;
        var svm = SVM.fit(fitX, fitY, new GaussianKernel(Math.sqrt(1 / (2 * gamma))), new SVM.Options(params.c()));
        double[] scores = new double[calX.length];
        for (int i = 0; i < calX.length; i++) scores[i] = svm.score(calX[i]);
        return new Svm(svm, PlattScaling.fit(scores, calY));
    }

    private static int[] signs(int[] y) {
        int[] s = new int[y.length];
        for (int i = 0; i < y.length; i++) s[i] = y[i] == 1 ? 1 : -1;
        return s;
    }

    private static DataFrame frame(double[][] x, int[] y) {
        return DataFrame.of(x, names(x[0].length)).add(ValueVector.of(LABEL, y));
    }

    private static StructType predictors(int p) {
        return DataFrame.of(new double[][] {new double[p]}, names(p)).schema();
    }

    private static String[] names(int p) {
        String[] names = new String[p];
        for (int j = 0; j < p; j++) names[j] = "x" + j;
        return names;
    }

    record Logistic(LogisticRegression model, int classes) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            double[] p = new double[classes];
            model.predict(x, p);
            return p;
        }
    }

    record TreeModel(smile.classification.Classifier<Tuple> model, StructType schema, int classes) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            double[] p = new double[classes];
            model.predict(Tuple.of(schema, x), p);
            return p;
        }
    }

    record Svm(SVM<double[]> model, PlattScaling platt) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            double positive = platt.scale(model.score(x));
            return new double[] {1 - positive, positive};
        }
    }
}
