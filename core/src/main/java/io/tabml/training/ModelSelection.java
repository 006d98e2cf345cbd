package io.tabml.training;

import io.tabml.training.Hyperparameters.BoostingParams;
import io.tabml.training.Hyperparameters.LogisticParams;
import io.tabml.training.Hyperparameters.SvmParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses an algorithm, its hyperparameters and an imbalance strategy by stratified k-fold
 * cross-validation on the training rows, inside a time budget. Preprocessing is fitted on each
 * fold's training part only. Per algorithm, the imbalance strategies are compared on its first
 * grid point and the winner is used for the rest of its grid (logistic regression's grid grows
 * past its strongest penalty while that scores best: {@link #strongerPenalty}). Cheap learners go
 * first, so when the budget runs out the best of what finished is chosen and the skipped ones are
 * named (the first candidate always runs, so that there is a model).
 * Selection on more than {@link #MAX_SELECTION_ROWS} rows uses a stratified sample of that size
 * that keeps small classes whole ({@link Splits#stratifiedSample}); an RBF SVM, whose cost grows
 * with the square of the rows, sees at most {@link #MAX_SVM_ROWS}.
 *
 * <p>With more than two classes the served model predicts the likeliest class, which a macro ROC
 * AUC does not judge (it ranks each class against the rest), so selection defaults to log loss there
 * ({@link TrainingConfig#selectionMetric}); a configured metric is kept.
 *
 * <p>Gradient boosting chooses its number of trees here: each fold fits up to the grid point's
 * trees, stopping early once its held-out rows' log loss stops improving, and that loss is taken
 * after every tree. The count with the lowest loss summed over the folds is the final model's;
 * each fold predicts with the count the other folds' losses choose (Smile's {@code trim}), so
 * that no row's prediction used a count chosen on that row and the score stays honest.
 *
 * <p>With more than two classes every candidate's probabilities get a temperature
 * ({@link Hyperparameters.Tempered}), fitted to its cross-validated predictions, before it is
 * scored: SVMs' coupled Platt probabilities and forests' vote shares are far less confident than
 * they are right, and log loss would otherwise rank how well calibrated a learner happens to be
 * rather than how well it separates the classes. The likeliest class does not change; each fold's
 * rows are scored with the temperature fitted on the other folds' rows.
 *
 * <p>Every fit is seeded from the config's seed and the fold ({@link Learners}), so the same data
 * and config choose the same model, whichever threads the folds run on.
 */
final class ModelSelection {
    static final int MAX_SELECTION_ROWS = 10_000;
    static final int MAX_SVM_ROWS = 2_000;
    /**
     * Below this ratio of the smallest class's rows to the largest's, rebalancing strategies are
     * compared: the ratio of a 35% minority of two classes, the cut selection has always had there.
     */
    static final double IMBALANCED_RATIO = 0.35 / 0.65;
    /** An algorithm whose best first try scores this much below the leader does not get the rest of its grid. */
    static final double PRUNE_MARGIN = 0.02;

    /** One candidate's cross-validated score, as reports show it (see {@link Hyperparameters#toMap()}). */
    public record CandidateScore(String algorithm, Map<String, Double> params, String imbalance, double score, double seconds) {}

    /** The winner, every score, what was skipped or subsampled and why, and the winner's out-of-fold probabilities. */
    record Outcome(Hyperparameters params, Imbalance imbalance, Metric metric, List<CandidateScore> scores, List<String> notes,
                   int[] truth, double[][] outOfFold) {
        Algorithm algorithm() {
            return params.algorithm();
        }
    }

    /** A candidate that was cross-validated, with its out-of-fold probabilities. */
    private record Trial(Hyperparameters params, Imbalance imbalance, double score, double[][] outOfFold) {}

    private record Fold(double[][] trainX, int[] trainY, double[][] validX, int[] validRows, EncodedColumns columns) {}

    private final TrainingConfig config;
    private final Metric metric;
    private final int classes;
    private final int positive;
    private final Instant deadline;

    ModelSelection(TrainingConfig config, int classes, int positive, Instant deadline) {
        this.config = config;
        this.metric = config.selectionMetric(classes);
        this.classes = classes;
        this.positive = positive;
        this.deadline = deadline;
    }

    Outcome select(RawData data, int[] y, int[] trainRows, ProgressListener progress) {
        List<String> notes = new ArrayList<>();
        long seed = config.seed();
        int[] rows = Splits.stratifiedSample(trainRows, y, classes, MAX_SELECTION_ROWS, seed);
        if (rows.length < trainRows.length) {
            notes.add("model selection used a stratified sample of " + rows.length + " of " + trainRows.length + " training rows");
        }
        int[] labels = Splits.select(y, rows);
        List<Fold> folds = folds(data, rows, labels, seed);
        List<Imbalance> strategies = imbalanced(labels, classes) ? List.of(Imbalance.NONE, Imbalance.RANDOM_OVERSAMPLING, Imbalance.SMOTE)
                : List.of(Imbalance.NONE);
        if (config.metric() == null && classes > 2) {
            notes.add("selected on " + metric.id() + ", the default for " + classes
                    + " classes: the likeliest class is predicted, which a macro ROC AUC does not judge");
        }

        List<CandidateScore> scores = new ArrayList<>();
        Map<Algorithm, Double> secondsPerCandidate = new EnumMap<>(Algorithm.class);
        Trial best = null;
        List<Algorithm> algorithms = config.algorithmList().stream().sorted(Comparator.comparingInt(Algorithm::ordinal)).toList();
        int done = 0, total = algorithms.size();
        for (Algorithm algorithm : algorithms) {
            progress.report("selecting: " + algorithm.id(), 20 + 50 * done++ / total);
            Imbalance chosen = null;
            double chosenScore = Double.NEGATIVE_INFINITY;
            List<Hyperparameters> grid = new ArrayList<>(algorithm.grid());
            double algorithmBest = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < grid.size(); g++) {
                double pointScore = Double.NEGATIVE_INFINITY;
                for (Imbalance imbalance : g == 0 ? strategies : List.of(chosen)) {
                    Double estimate = secondsPerCandidate.get(algorithm);
                    boolean overBudget = Instant.now().isAfter(deadline)
                            || estimate != null && Instant.now().plus(Duration.ofMillis((long) (estimate * 1000))).isAfter(deadline);
                    if (overBudget && best != null) { // the first candidate always runs, so there is a model
                        notes.add(algorithm.id() + " " + grid.get(g).toMap() + " " + imbalance.id() + " skipped: the time budget of "
                                + config.timeBudgetSeconds() + " s ran out");
                        continue;
                    }
                    Instant start = Instant.now();
                    Trial trial = crossValidate(grid.get(g), imbalance, folds, labels, seed);
                    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                    secondsPerCandidate.put(algorithm, seconds);
                    scores.add(new CandidateScore(algorithm.id(), trial.params().toMap(), imbalance.id(), trial.score(), seconds));
                    pointScore = Math.max(pointScore, trial.score());
                    if (g == 0 && trial.score() > chosenScore) {
                        chosenScore = trial.score();
                        chosen = imbalance;
                    }
                    if (best == null || trial.score() > best.score()) best = trial;
                }
                if (chosen == null) break; // nothing of this algorithm fitted in the budget
                if (g == 0 && best != null && chosenScore < best.score() - PRUNE_MARGIN) {
                    notes.add(algorithm.id() + ": rest of the grid skipped, its first try scored " + String.format("%.4f", chosenScore)
                            + " against the leader's " + String.format("%.4f", best.score()));
                    break;
                }
                boolean pointLeads = pointScore > algorithmBest;
                algorithmBest = Math.max(algorithmBest, pointScore);
                if (g == grid.size() - 1 && pointLeads) {
                    Hyperparameters stronger = strongerPenalty(grid.get(g));
                    if (stronger != null) {
                        grid.add(stronger);
                        notes.add(algorithm.id() + ": its strongest penalty " + grid.get(g).toMap() + " scored best, so "
                                + stronger.toMap() + " was tried too");
                    }
                }
            }
        }
        if (algorithms.contains(Algorithm.SVM_RBF) && rows.length * (folds.size() - 1) / folds.size() > MAX_SVM_ROWS) {
            notes.add("svm-rbf was cross-validated on samples of at most " + MAX_SVM_ROWS + " rows per fold (its cost grows with the square of the rows)");
        }
        if (best == null) throw new IllegalStateException("no candidate finished within the time budget of " + config.timeBudgetSeconds() + " s");
        return new Outcome(best.params(), best.imbalance(), metric, scores, notes, labels, best.outOfFold());
    }

    /**
     * The logistic regression ten times more penalised than {@code point}, when {@code point} is one and
     * that stays within {@link #MAX_LOGISTIC_LAMBDA}; else null. Selection tries it when the grid's
     * last, most penalised point (the grid ascends in lambda) scored best of the algorithm's, and again
     * from there while that holds: a best point at the edge of a grid says the best penalty may lie
     * past it. That happens on few rows with many one-hot columns (issue 17: 228 rows of 9 banded
     * categories scored best at lambda 10, the grid's end, and better still at 100), where a wider
     * grid costs little, a logistic fit being the cheapest of the candidates.
     */
    static Hyperparameters strongerPenalty(Hyperparameters point) {
        if (!(point instanceof LogisticParams logistic) || logistic.lambda() == 0) return null;
        double lambda = logistic.lambda() * 10;
        return lambda <= MAX_LOGISTIC_LAMBDA ? new LogisticParams(lambda) : null;
    }

    /**
     * The strongest L2 penalty selection extends logistic regression's grid to ({@link #strongerPenalty}):
     * two steps past the grid's 10, so that the extension adds at most two cheap candidates.
     */
    static final double MAX_LOGISTIC_LAMBDA = 1000;

    /** Cross-validates a candidate; for gradient boosting, also chooses its number of trees (see the class comment). */
    private Trial crossValidate(Hyperparameters candidate, Imbalance imbalance, List<Fold> folds, int[] labels, long seed) {
        Hyperparameters params = candidate;
        ProbabilisticClassifier[] models = new ProbabilisticClassifier[folds.size()];
        double[][] curves = new double[folds.size()][];
        // folds in parallel: most learners fit on one core; each fold's fit is seeded on the thread it runs on
        java.util.stream.IntStream.range(0, folds.size()).parallel().forEach(f -> {
            Fold fold = folds.get(f);
            if (candidate instanceof BoostingParams boosting) {
                Imbalance.Sample sample = imbalance.apply(fold.trainX(), fold.trainY(), classes, fold.columns(), seed + f);
                var staged = Learners.boostingStaged(boosting, sample.x(), sample.y(), classes, seed + f, fold.validX(),
                        Splits.select(labels, fold.validRows()));
                models[f] = staged.model();
                curves[f] = staged.loss();
            } else {
                models[f] = fit(candidate, imbalance, fold.columns(), fold.trainX(), fold.trainY(), classes, seed + f);
            }
        });
        if (params instanceof BoostingParams boosting) {
            params = new BoostingParams(bestTreeCount(curves), boosting.maxNodes(), boosting.shrinkage());
            // each fold predicts with the count the other folds chose, so its rows did not choose it: an honest score
            for (int f = 0; f < models.length; f++) {
                double[][] others = new double[curves.length - 1][];
                for (int g = 0, o = 0; g < curves.length; g++) if (g != f) others[o++] = curves[g];
                int trees = Math.min(others.length == 0 ? curves[f].length : bestTreeCount(others), curves[f].length);
                models[f] = Learners.Boosting.trim(models[f], trees);
            }
        }
        double[][] outOfFold = new double[labels.length][];
        java.util.stream.IntStream.range(0, folds.size()).parallel().forEach(f -> {
            Fold fold = folds.get(f);
            for (int i = 0; i < fold.validRows().length; i++) {
                outOfFold[fold.validRows()[i]] = models[f].probabilities(fold.validX()[i]);
            }
        });
        if (classes > 2) {
            params = new Hyperparameters.Tempered(params, Learners.fitTemperature(labels, outOfFold));
            double[][] tempered = temperedOutOfFold(folds, labels, outOfFold);
            return new Trial(params, imbalance, metric.score(labels, tempered, positive), tempered);
        }
        return new Trial(params, imbalance, metric.score(labels, outOfFold, positive), outOfFold);
    }

    /**
     * The out-of-fold predictions with a temperature applied: each fold's rows with the temperature
     * fitted on the other folds' rows, so that no row's prediction used a temperature fitted on it.
     */
    private static double[][] temperedOutOfFold(List<Fold> folds, int[] labels, double[][] outOfFold) {
        double[][] tempered = new double[outOfFold.length][];
        for (Fold fold : folds) {
            int[] others = Splits.complement(labels.length, fold.validRows());
            double temperature = Learners.fitTemperature(Splits.select(labels, others), Splits.select(outOfFold, others));
            for (int i : fold.validRows()) tempered[i] = Learners.temper(outOfFold[i], temperature);
        }
        return tempered;
    }

    /** The number of trees (1-based) whose held-out log loss, summed over the folds, is lowest; the fewest of equal ones. */
    static int bestTreeCount(double[][] curves) {
        int length = java.util.Arrays.stream(curves).mapToInt(c -> c.length).min().orElse(1);
        int best = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int t = 0; t < length; t++) {
            double loss = 0;
            for (double[] curve : curves) loss += curve[t];
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best + 1;
    }

    /**
     * Rebalances and fits one candidate; used for the folds, the final model and by evaluations that
     * refit it. {@code columns} says what each encoded column is ({@link EncodedColumns#of}): SMOTE-NC
     * and the random forest's {@code mtry} need it.
     *
     * <p>An SVM sees a stratified sample of at most {@link #MAX_SVM_ROWS} rows. Its Platt scaling is
     * fitted on scores of rows that the SVMs that scored them were not fitted on: the rows are split
     * into {@link #SVM_CALIBRATION_FOLDS} parts first, and each part is scored by SVMs fitted on the
     * other parts after rebalancing those alone, so no copy or synthetic neighbour of a calibration
     * row is among the rows that scored it. The served SVMs are fitted on all the (rebalanced) rows.
     */
    static ProbabilisticClassifier fit(Hyperparameters params, Imbalance imbalance, EncodedColumns columns, double[][] x, int[] y,
                                       int classes, long seed) {
        if (params instanceof Hyperparameters.Tempered tempered) {
            return new Learners.Tempered(fit(tempered.base(), imbalance, columns, x, y, classes, seed), tempered.temperature());
        }
        if (params instanceof SvmParams svm) {
            if (x.length > MAX_SVM_ROWS) {
                int[] sample = Splits.stratifiedSample(java.util.stream.IntStream.range(0, x.length).toArray(), y, classes, MAX_SVM_ROWS, seed);
                x = Splits.select(x, sample);
                y = Splits.select(y, sample);
            }
            List<Learners.SvmPairs> calibration = new ArrayList<>();
            List<double[][]> calX = new ArrayList<>();
            List<int[]> calY = new ArrayList<>();
            for (int[] part : Splits.stratifiedFolds(y, classes, SVM_CALIBRATION_FOLDS, seed)) {
                int[] rest = Splits.complement(y.length, part);
                Imbalance.Sample sample = imbalance.apply(Splits.select(x, rest), Splits.select(y, rest), classes, columns, seed + 1 + calX.size());
                calibration.add(Learners.svmPairs(svm, sample.x(), sample.y(), classes, seed + 1 + calX.size()));
                calX.add(Splits.select(x, part));
                calY.add(Splits.select(y, part));
            }
            Imbalance.Sample sample = imbalance.apply(x, y, classes, columns, seed);
            return Learners.calibrated(Learners.svmPairs(svm, sample.x(), sample.y(), classes, seed), calibration, calX, calY, classes);
        }
        Imbalance.Sample sample = imbalance.apply(x, y, classes, columns, seed);
        return Learners.fit(params, sample.x(), sample.y(), classes, columns, seed);
    }

    /** The parts an SVM's rows are split into to score each part for Platt scaling with SVMs that did not see it. */
    static final int SVM_CALIBRATION_FOLDS = 3;

    /** Encodes every fold once, with preprocessing fitted on that fold's training part. */
    private List<Fold> folds(RawData data, int[] rows, int[] labels, long seed) {
        int[][] validation = Splits.stratifiedFolds(labels, classes, folds(config, rows.length), seed);
        List<Fold> folds = new ArrayList<>();
        for (int[] valid : validation) {
            int[] train = Splits.complement(rows.length, valid);
            int[] trainRows = Splits.select(rows, train);
            FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
            folds.add(new Fold(encoder.encode(data, trainRows), Splits.select(labels, train),
                    encoder.encode(data, Splits.select(rows, valid)), valid, EncodedColumns.of(encoder, data.schema())));
        }
        return folds;
    }

    /** The configured folds, or 5 (3 above 5,000 rows, where three folds already hold thousands of rows each). */
    static int folds(TrainingConfig config, int rows) {
        return config.cvFolds() != null ? config.cvFolds() : rows <= 5000 ? 5 : 3;
    }

    /** Whether the smallest class present has under {@link #IMBALANCED_RATIO} of the largest class's rows. */
    static boolean imbalanced(int[] labels, int classes) {
        int[] counts = Splits.classCounts(labels, classes);
        int smallest = java.util.Arrays.stream(counts).filter(n -> n > 0).min().orElse(0); // a class with no row here cannot be rebalanced
        int largest = java.util.Arrays.stream(counts).max().orElse(0);
        return largest > 0 && (double) smallest / largest < IMBALANCED_RATIO;
    }
}
