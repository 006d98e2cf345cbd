package io.tabml.training;

import io.tabml.training.Hyperparameters.BoostingParams;
import io.tabml.training.Hyperparameters.ForestParams;
import io.tabml.training.Hyperparameters.LogisticParams;
import io.tabml.training.Hyperparameters.SvmParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import smile.classification.Classifier;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.OneVersusOne;
import smile.classification.PlattScaling;
import smile.classification.RandomForest;
import smile.classification.SVM;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.ValueVector;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;
import smile.regression.RegressionTree;

/**
 * Fits Smile's learners on encoded rows and wraps each as a {@link ProbabilisticClassifier}.
 *
 * <p>Class indices: a learner is fitted on the schema's class indices, but a class may have no
 * row in what it is fitted on (a cross-validation fold, a sample); Smile then knows only the
 * classes it saw ({@code classes()}), and the wrappers place its probabilities at those
 * indices, an absent class getting 0.
 *
 * <p>Randomness: every fit seeds Smile's generator of the thread it runs on
 * ({@link MathEx#setSeed}, a thread-local generator that otherwise starts unseeded), and the
 * forest's trees get a seed each, so the same rows and seed give the same model on any thread.
 */
final class Learners {
    private static final String LABEL = "__label";

    private Learners() {}

    /**
     * Fits the algorithm the hyperparameters are for; not an SVM, whose Platt scaling needs rows held
     * out before any rebalancing ({@link ModelSelection#fit}, with {@link #svmPairs} and {@link #calibrated}).
     */
    static ProbabilisticClassifier fit(Hyperparameters params, double[][] x, int[] y, int classes, EncodedColumns columns, long seed) {
        MathEx.setSeed(seed);
        return switch (params) {
            case LogisticParams logistic -> new Logistic(LogisticRegression.fit(x, y,
                    new LogisticRegression.Options(logistic.lambda(), 1e-5, 500)), classes);
            case ForestParams forest -> forest(forest, x, y, classes, columns.features(), seed);
            case BoostingParams boosting -> boosting(boosting, x, y, classes, seed);
            case SvmParams svm -> throw new IllegalArgumentException("an SVM is fitted with its calibration: svmPairs, calibrated");
            case Hyperparameters.Tempered tempered -> new Tempered(fit(tempered.base(), x, y, classes, columns, seed), tempered.temperature());
        };
    }

    /**
     * A random forest whose splits each try {@code mtryFactor} times the square root of the number
     * of raw input features (not of encoded columns, which one-hot encoding multiplies), with leaves
     * of at least {@code nodeSize} rows, grown without a depth limit but at most
     * {@link #MAX_FOREST_LEAVES} leaves a tree. Probabilities are the mean of the trees' leaf class
     * frequencies ({@link Forest}).
     */
    private static ProbabilisticClassifier forest(ForestParams params, double[][] x, int[] y, int classes, int features, long seed) {
        DataFrame frame = frame(x, y);
        int p = x[0].length;
        int mtry = (int) Math.max(1, Math.min(p, Math.round(Math.sqrt(features) * params.mtryFactor())));
        int ntrees = params.ntrees();
        long[] seeds = new long[ntrees];
        for (int t = 0; t < ntrees; t++) seeds[t] = seed * 1_000_003L + t;
        int maxNodes = Math.max(2, Math.min(MAX_FOREST_LEAVES, x.length / params.nodeSize()));
        var options = new RandomForest.Options(ntrees, mtry, smile.base.cart.SplitRule.GINI, 64, maxNodes,
                params.nodeSize(), 1.0, null, seeds, null);
        RandomForest model = RandomForest.fit(Formula.lhs(LABEL), frame, options);
        return new Forest(model, predictors(p), classes);
    }

    /** The most leaves a forest's tree grows: bounds the size of a model fitted on many rows with small leaves. */
    static final int MAX_FOREST_LEAVES = 4096;

    /** Gradient boosting of exactly {@code ntrees} trees (selection chooses that count, see {@link Boosting}). */
    private static TreeModel boosting(BoostingParams params, double[][] x, int[] y, int classes, long seed) {
        MathEx.setSeed(seed); // the stochastic subsampling of rows for each tree draws from it
        var options = new GradientTreeBoost.Options(params.ntrees(), 20, params.maxNodes(), 5, params.shrinkage(), 0.7, null, null);
        GradientTreeBoost model = GradientTreeBoost.fit(Formula.lhs(LABEL), frame(x, y), options);
        return new TreeModel(model, predictors(x[0].length), classes);
    }

    /** Trees fitted after the held-out log loss last improved, before a fit on validation rows stops. */
    static final int BOOSTING_PATIENCE = 30;

    /** A boosted model fitted while watching validation rows, and their summed log loss after each of its trees. */
    record Staged(ProbabilisticClassifier model, double[] loss) {}

    /**
     * Gradient boosting of at most {@code ntrees} trees, stopped once the validation rows' log loss
     * has not improved for {@link #BOOSTING_PATIENCE} trees (Smile scores them after every tree), and
     * the validation rows' log loss after each tree it kept. The same rows and seed give the same
     * trees as {@link #fit} does: stopping only cuts the sequence short.
     */
    static Staged boostingStaged(BoostingParams params, double[][] x, int[] y, int classes, long seed, double[][] validX, int[] validY) {
        int[] seen = java.util.stream.IntStream.range(0, classes).filter(c -> contains(y, c)).toArray();
        // Smile cannot score a row of a class it was not fitted on; such rows weigh the same on every tree count anyway
        int[] scorable = java.util.stream.IntStream.range(0, validY.length).filter(i -> Arrays.binarySearch(seen, validY[i]) >= 0).toArray();
        boolean watch = Arrays.stream(Splits.select(validY, scorable)).distinct().count() >= 2;
        try (var stop = new EarlyStop(seen.length == 2, BOOSTING_PATIENCE)) {
            MathEx.setSeed(seed);
            var options = new GradientTreeBoost.Options(params.ntrees(), 20, params.maxNodes(), 5, params.shrinkage(), 0.7,
                    watch ? frame(Splits.select(validX, scorable), Splits.select(validY, scorable)) : null, watch ? stop : null);
            GradientTreeBoost model = GradientTreeBoost.fit(Formula.lhs(LABEL), frame(x, y), options);
            TreeModel fitted = new TreeModel(model, predictors(x[0].length), classes);
            return new Staged(fitted, Boosting.stagedLogLoss(fitted, y, validX, validY, params.shrinkage()));
        }
    }

    /** Stops a boosting fit when the validation loss Smile reports after each tree has not improved for {@code patience} trees. */
    private static final class EarlyStop extends smile.util.IterativeAlgorithmController<GradientTreeBoost.TrainingStatus> {
        private final boolean binary;
        private final int patience;
        private double best = Double.POSITIVE_INFINITY;
        private int trees, bestAt;

        EarlyStop(boolean binary, int patience) {
            super(Runnable::run, 1); // statuses are handled here, in the fitting thread; nothing is published
            this.binary = binary;
            this.patience = patience;
        }

        @Override
        public void submit(GradientTreeBoost.TrainingStatus status) {
            trees++;
            double loss = binary ? status.metrics().logloss() : status.metrics().crossEntropy();
            if (loss < best) { // NaN or infinity is no improvement
                best = loss;
                bestAt = trees;
            } else if (trees - bestAt >= patience) {
                stop();
            }
        }
    }

    /**
     * RBF SVMs, uncalibrated: one for two classes (class 1 its positive side), else one for every
     * pair of the classes present in {@code y}; {@code svms[i][j]} (i > j) has {@code present[i]} as
     * its positive side and {@code present[j]} as its negative.
     */
    record SvmPairs(int[] present, SVM<double[]>[][] svms) {
        /** The SVM of classes a and b (a > b), or null when either was absent. */
        SVM<double[]> of(int a, int b) {
            int i = Arrays.binarySearch(present, a), j = Arrays.binarySearch(present, b);
            return i < 0 || j < 0 ? null : svms[i][j];
        }
    }

    /** Fits {@link SvmPairs}: gamma = gammaFactor / p (scikit-learn's 'scale' on standardised data). */
    @SuppressWarnings("unchecked")
    static SvmPairs svmPairs(SvmParams params, double[][] x, int[] y, int classes, long seed) {
        // sigma from gamma = 1 / (2 sigma^2)
        double gamma = params.gammaFactor() / x[0].length;
        var kernel = new GaussianKernel(Math.sqrt(1 / (2 * gamma)));
        var options = new SVM.Options(params.c());
        int[] present = java.util.stream.IntStream.range(0, classes).filter(c -> contains(y, c)).toArray();
        int k = present.length;
        SVM<double[]>[][] svms = new SVM[k][];
        for (int i = 0; i < k; i++) {
            svms[i] = new SVM[i];
            for (int j = 0; j < i; j++) {
                int[] rows = rowsOf(y, present[i], present[j]);
                MathEx.setSeed(seed * 31 + (long) i * k + j); // the solver visits the rows in a random order
                svms[i][j] = SVM.fit(Splits.select(x, rows), signs(Splits.select(y, rows), present[i]), kernel, options);
            }
        }
        return new SvmPairs(present, svms);
    }

    /**
     * The final SVMs with Platt scaling fitted, for each pair, on the scores of rows from SVMs that
     * were not fitted on them, as libsvm fits its probabilities: {@code calibration.get(f)} was
     * fitted without the rows {@code calX.get(f)} (labels {@code calY.get(f)}). Two classes give an
     * {@link Svm}; more, an {@link SvmOneVsOne} that couples the pairs' probabilities (Smile's
     * {@link OneVersusOne}).
     */
    static ProbabilisticClassifier calibrated(SvmPairs model, List<SvmPairs> calibration, List<double[][]> calX, List<int[]> calY,
                                              int classes) {
        int k = model.present().length;
        PlattScaling[][] platts = new PlattScaling[k][];
        for (int i = 0; i < k; i++) {
            platts[i] = new PlattScaling[i];
            for (int j = 0; j < i; j++) {
                int a = model.present()[i], b = model.present()[j];
                List<Double> scores = new ArrayList<>();
                List<Integer> signs = new ArrayList<>();
                for (int f = 0; f < calibration.size(); f++) {
                    SVM<double[]> svm = calibration.get(f).of(a, b);
                    if (svm == null) continue; // that part's SVMs never saw one of the two classes
                    for (int r = 0; r < calY.get(f).length; r++) {
                        int label = calY.get(f)[r];
                        if (label != a && label != b) continue;
                        scores.add(svm.score(calX.get(f)[r]));
                        signs.add(label == a ? 1 : -1);
                    }
                }
                platts[i][j] = PlattScaling.fit(scores.stream().mapToDouble(Double::doubleValue).toArray(),
                        signs.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        if (classes == 2 && k == 2) return new Svm(model.svms()[1][0], platts[1][0]);
        @SuppressWarnings("unchecked")
        Classifier<double[]>[][] pairs = new Classifier[k][];
        for (int i = 0; i < k; i++) {
            pairs[i] = new Classifier[i];
            for (int j = 0; j < i; j++) pairs[i][j] = new FlatPair(model.svms()[i][j]);
        }
        return new SvmOneVsOne(new OneVersusOne<>(pairs, platts, new smile.util.IntSet(model.present())), classes);
    }

    private static int[] rowsOf(int[] y, int a, int b) {
        return java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == a || y[i] == b).toArray();
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) if (v == value) return true;
        return false;
    }

    /** +1 for the given class, -1 for any other. */
    private static int[] signs(int[] y, int positive) {
        int[] s = new int[y.length];
        for (int i = 0; i < y.length; i++) s[i] = y[i] == positive ? 1 : -1;
        return s;
    }

    private static DataFrame frame(double[][] x, int[] y) {
        return DataFrame.of(x, names(x[0].length)).add(ValueVector.of(LABEL, y));
    }

    /** The schema of {@code p} unnamed numeric predictors, as Smile's tree models keep it; shared with {@link RegressionLearners}. */
    static StructType predictors(int p) {
        return DataFrame.of(new double[][] {new double[p]}, names(p)).schema();
    }

    /** Column names for {@code p} encoded features: x0, x1, ... */
    static String[] names(int p) {
        String[] names = new String[p];
        for (int j = 0; j < p; j++) names[j] = "x" + j;
        return names;
    }

    /**
     * Smile's probabilities of the classes it was fitted on ({@code labels}, ascending), placed at
     * those class indices of a vector of all {@code classes}.
     */
    static double[] placed(int[] labels, double[] posteriori, int classes) {
        if (labels.length == classes) return posteriori; // every class seen: Smile's order is ours
        double[] p = new double[classes];
        for (int i = 0; i < labels.length; i++) p[labels[i]] = posteriori[i];
        return p;
    }

    /** A classifier's probabilities for {@code x}, at the schema's class indices ({@link #placed}). */
    private static double[] posteriori(Classifier<double[]> model, double[] x, int classes) {
        int[] labels = model.classes();
        double[] p = new double[labels.length];
        model.predict(x, p);
        return placed(labels, p, classes);
    }

    record Logistic(LogisticRegression model, int classes) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            return posteriori(model, x, classes);
        }
    }

    /** Smile's tree ensembles as Smile computes their probabilities: gradient boosting, and random forests trained before {@link Forest}. */
    record TreeModel(smile.classification.Classifier<Tuple> model, StructType schema, int classes) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            int[] labels = model.classes();
            double[] p = new double[labels.length];
            model.predict(Tuple.of(schema, x), p);
            return placed(labels, p, classes);
        }
    }

    /**
     * A random forest whose probabilities are the mean over its trees of the class frequencies in the
     * leaf a row falls in (as scikit-learn's are). Smile's own {@code predict} adds one to every
     * class's count in a leaf and weights trees by their out-of-bag accuracy, which with small leaves
     * and many classes flattens the probabilities towards uniform. Rows are scored on the trees copied
     * into arrays ({@link FlatForest}), which the constructor makes from the model every time, also
     * when an artifact is read: the copy is never stored.
     */
    record Forest(RandomForest model, StructType schema, int classes, FlatForest flat) implements ProbabilisticClassifier {
        Forest {
            flat = FlatForest.of(model, schema);
        }

        Forest(RandomForest model, StructType schema, int classes) {
            this(model, schema, classes, null);
        }

        @Override
        public double[] probabilities(double[] x) {
            return placed(model.classes(), flat.posteriori(x), classes);
        }
    }

    /**
     * A binary RBF SVM with Platt scaling; class 1 is the SVM's positive side. Rows are scored on the
     * support vectors copied into one array ({@link FlatSvm}), which the constructor makes from the
     * model every time, also when an artifact is read: the copy is never stored.
     */
    record Svm(SVM<double[]> model, PlattScaling platt, FlatSvm flat) implements ProbabilisticClassifier {
        Svm {
            flat = FlatSvm.of(model);
        }

        Svm(SVM<double[]> model, PlattScaling platt) {
            this(model, platt, null);
        }

        @Override
        public double[] probabilities(double[] x) {
            double positive = platt.scale(flat.score(x));
            return new double[] {1 - positive, positive};
        }
    }

    /**
     * One pair's SVM as Smile's {@link OneVersusOne} calls it, scoring on its support vectors copied
     * into one array ({@link FlatSvm}), which the constructor makes from the model every time, also
     * when an artifact is read: the copy is never stored.
     */
    record FlatPair(SVM<double[]> model, FlatSvm flat) implements Classifier<double[]> {
        FlatPair {
            flat = FlatSvm.of(model);
        }

        FlatPair(SVM<double[]> model) {
            this(model, null);
        }

        @Override
        public double score(double[] x) {
            return flat.score(x);
        }

        @Override
        public int predict(double[] x) {
            return model.predict(x);
        }

        @Override
        public int numClasses() {
            return model.numClasses();
        }

        @Override
        public int[] classes() {
            return model.classes();
        }
    }

    /**
     * RBF SVMs for every pair of classes, with Platt scaling each, coupled into class probabilities
     * (Smile's {@link OneVersusOne}); the pairs score as {@link FlatPair}s (in artifacts written
     * before them, as Smile's SVMs).
     */
    record SvmOneVsOne(OneVersusOne<double[]> model, int classes) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            return posteriori(model, x, classes);
        }
    }

    /**
     * A classifier whose probabilities are raised to the power 1 / {@code temperature} and renormalised:
     * below 1 sharpens them, above 1 softens them; the likeliest class stays the likeliest. A class
     * with probability 0 keeps it.
     */
    record Tempered(ProbabilisticClassifier model, double temperature) implements ProbabilisticClassifier {
        @Override
        public double[] probabilities(double[] x) {
            return temper(model.probabilities(x), temperature);
        }
    }

    /** {@code p} raised to the power 1 / temperature and renormalised (computed on logs, clipped at 1e-15 as log loss is). */
    static double[] temper(double[] p, double temperature) {
        double[] logs = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            logs[c] = p[c] > 0 ? Math.log(Math.max(p[c], 1e-15)) / temperature : Double.NEGATIVE_INFINITY;
            max = Math.max(max, logs[c]);
        }
        double[] out = new double[p.length];
        double sum = 0;
        for (int c = 0; c < p.length; c++) sum += out[c] = Math.exp(logs[c] - max);
        for (int c = 0; c < p.length; c++) out[c] /= sum;
        return out;
    }

    /** The temperature between 0.05 and 20 that minimises the rows' log loss ({@link #temper}), by golden-section search on its log. */
    static double fitTemperature(int[] truth, double[][] probabilities) {
        java.util.function.DoubleUnaryOperator loss = logT -> {
            double t = Math.exp(logT), sum = 0;
            for (int i = 0; i < truth.length; i++) sum -= Math.log(Math.max(1e-15, temper(probabilities[i], t)[truth[i]]));
            return sum;
        };
        double a = Math.log(0.05), b = Math.log(20), ratio = (Math.sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a), d = a + ratio * (b - a), fc = loss.applyAsDouble(c), fd = loss.applyAsDouble(d);
        for (int i = 0; i < 40; i++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = loss.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = loss.applyAsDouble(d);
            }
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * Gradient boosting's probabilities after each number of trees, for choosing how many to keep
     * on rows the model was not fitted on (Smile's {@code test()} gives classes, not probabilities,
     * and for two classes leaves out the intercept).
     */
    static final class Boosting {
        private Boosting() {}

        /**
         * {@code loss[t]}: the summed log loss of the rows with the first t + 1 trees; the rows' true
         * classes are indices of all {@code classes}, of which the model may have seen fewer.
         *
         * @param fitY the labels the model was fitted on (the two-class intercept is theirs)
         */
        static double[] stagedLogLoss(ProbabilisticClassifier fitted, int[] fitY, double[][] x, int[] truth, double shrinkage) {
            GradientTreeBoost model = (GradientTreeBoost) ((TreeModel) fitted).model();
            StructType schema = ((TreeModel) fitted).schema();
            int[] labels = model.classes();
            RegressionTree[][] trees = model.trees();
            int k = labels.length;
            int ntrees = trees[0].length;
            double[] loss = new double[ntrees];
            double intercept = k == 2 ? intercept(fitY, labels[1]) : 0;
            for (int i = 0; i < x.length; i++) {
                Tuple row = model.formula().x(Tuple.of(schema, x[i]));
                int truthIndex = Arrays.binarySearch(labels, truth[i]);
                if (k == 2) {
                    double margin = intercept;
                    for (int t = 0; t < ntrees; t++) {
                        margin += shrinkage * trees[0][t].predict(row);
                        // Smile's link: P(second class) = 1 - 1 / (1 + exp(2 margin))
                        double second = 1 - 1 / (1 + Math.exp(2 * margin));
                        loss[t] += logLoss(truthIndex < 0 ? 0 : truthIndex == 1 ? second : 1 - second);
                    }
                } else {
                    double[] margin = new double[k];
                    for (int t = 0; t < ntrees; t++) {
                        for (int c = 0; c < k; c++) margin[c] += shrinkage * trees[c][t].predict(row);
                        loss[t] += logLoss(truthIndex < 0 ? 0 : softmax(margin, truthIndex));
                    }
                }
            }
            return loss;
        }

        /** The model with its first {@code ntrees} trees. */
        static ProbabilisticClassifier trim(ProbabilisticClassifier fitted, int ntrees) {
            TreeModel tree = (TreeModel) fitted;
            return new TreeModel(((GradientTreeBoost) tree.model()).trim(ntrees), tree.schema(), tree.classes());
        }

        /** Smile's two-class intercept: half the log odds of the second class, from the labels' mean as -1/+1. */
        private static double intercept(int[] fitY, int second) {
            double mean = 0;
            for (int label : fitY) mean += label == second ? 1 : -1;
            mean /= fitY.length;
            return 0.5 * Math.log((1 + mean) / (1 - mean));
        }

        private static double softmax(double[] margin, int c) {
            double max = Double.NEGATIVE_INFINITY;
            for (double m : margin) max = Math.max(max, m);
            double z = 0;
            for (double m : margin) z += Math.exp(m - max);
            return Math.exp(margin[c] - max) / z;
        }

        private static double logLoss(double probability) {
            return -Math.log(Math.max(1e-15, probability));
        }
    }
}
