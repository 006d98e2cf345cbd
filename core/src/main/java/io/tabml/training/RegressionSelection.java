package io.tabml.training;

import io.tabml.training.RegressionParams.BoostingParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Chooses a regressor, its hyperparameters and the target transform by k-fold cross-validation on
 * the training rows, inside the time budget, as {@link ModelSelection} does for classifiers:
 * preprocessing fitted on each fold's training part only, cheap learners first, the first candidate
 * always run, what the budget skipped named. Folds are stratified by the target's deciles, so every
 * fold spans the target's range. Per algorithm, the transforms ({@link TargetTransform#worthTrying})
 * are compared on its first grid point and the winner is used for the rest of its grid. Every
 * candidate is scored on its out-of-fold predictions in the target's own unit, whatever it was
 * fitted on. Gradient boosting's number of trees is chosen as the classifier's is: the count with the
 * lowest held-out squared error summed over the folds, each fold predicting with the count the other
 * folds chose.
 */
final class RegressionSelection {
    /** Quantile bins of the target that folds and samples are stratified by. */
    static final int STRATA = 10;

    /** One candidate's cross-validated score (the selection metric, negated when lower is better), as reports show it. */
    public record CandidateScore(String algorithm, Map<String, Double> params, String transform, double score, double seconds) {}

    /** The winner, every score, the notes, and the winner's out-of-fold predictions of the selection rows ({@code truth}). */
    record Outcome(RegressionParams params, TargetTransform transform, RegressionMetric metric, int folds, List<CandidateScore> scores,
                   List<String> notes, double[] truth, double[] outOfFold) {}

    private record Trial(RegressionParams params, TargetTransform transform, double score, double[] outOfFold) {}

    private record Fold(double[][] trainX, double[] trainY, double[][] validX, int[] validRows) {}

    private final TrainingConfig config;
    private final RegressionMetric metric;
    private final Instant deadline;

    RegressionSelection(TrainingConfig config, Instant deadline) {
        this.config = config;
        this.metric = config.regressionMetric();
        this.deadline = deadline;
    }

    Outcome select(RawData data, double[] y, int[] trainRows, ProgressListener progress) {
        List<String> notes = new ArrayList<>();
        long seed = config.seed();
        int[] rows = Splits.stratifiedSample(trainRows, strata(y), STRATA, ModelSelection.MAX_SELECTION_ROWS, seed);
        if (rows.length < trainRows.length) {
            notes.add("model selection used a sample of " + rows.length + " of " + trainRows.length + " training rows, stratified by the target's deciles");
        }
        double[] truth = select(y, rows);
        int k = ModelSelection.folds(config, rows.length);
        List<Fold> folds = folds(data, rows, truth, k, seed);
        List<TargetTransform> transforms = TargetTransform.worthTrying(truth) ? List.of(TargetTransform.NONE, TargetTransform.LOG)
                : List.of(TargetTransform.NONE);
        if (transforms.size() > 1) notes.add("the target is 0 or more and right-skewed: fitting on its log1p was tried too");

        List<CandidateScore> scores = new ArrayList<>();
        Trial best = null;
        List<RegressionAlgorithm> algorithms = config.regressionAlgorithms().stream().sorted().toList();
        int done = 0;
        for (RegressionAlgorithm algorithm : algorithms) {
            progress.report("selecting: " + algorithm.id(), 20 + 50 * done++ / algorithms.size());
            TargetTransform chosen = null;
            double chosenScore = Double.NEGATIVE_INFINITY;
            Double secondsPerCandidate = null;
            List<RegressionParams> grid = algorithm.grid();
            for (int g = 0; g < grid.size(); g++) {
                for (TargetTransform transform : g == 0 ? transforms : List.of(chosen)) {
                    boolean overBudget = Instant.now().isAfter(deadline) || secondsPerCandidate != null
                            && Instant.now().plus(Duration.ofMillis((long) (secondsPerCandidate * 1000))).isAfter(deadline);
                    if (overBudget && best != null) { // the first candidate always runs, so there is a model
                        notes.add(algorithm.id() + " " + grid.get(g).toMap() + " " + transform.id() + " skipped: the time budget of "
                                + config.timeBudgetSeconds() + " s ran out");
                        continue;
                    }
                    Instant start = Instant.now();
                    Trial trial = crossValidate(grid.get(g), transform, folds, truth, seed);
                    secondsPerCandidate = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                    scores.add(new CandidateScore(algorithm.id(), trial.params().toMap(), transform.id(), trial.score(), secondsPerCandidate));
                    if (g == 0 && trial.score() > chosenScore) {
                        chosenScore = trial.score();
                        chosen = transform;
                    }
                    if (best == null || trial.score() > best.score()) best = trial;
                }
                if (chosen == null) break; // nothing of this algorithm fitted in the budget
            }
        }
        if (best == null) throw new IllegalStateException("no candidate finished within the time budget of " + config.timeBudgetSeconds() + " s");
        return new Outcome(best.params(), best.transform(), metric, k, scores, notes, truth, best.outOfFold());
    }

    private Trial crossValidate(RegressionParams candidate, TargetTransform transform, List<Fold> folds, double[] truth, long seed) {
        RegressionParams params = candidate;
        Regressor[] models = new Regressor[folds.size()];
        double[][] curves = new double[folds.size()][];
        // folds in parallel: each fold's fit is seeded on the thread it runs on
        IntStream.range(0, folds.size()).parallel().forEach(f -> {
            Fold fold = folds.get(f);
            double[] z = transform.apply(fold.trainY());
            if (candidate instanceof BoostingParams boosting) {
                var staged = RegressionLearners.boostingStaged(boosting, fold.trainX(), z, seed + f, fold.validX(),
                        transform.apply(select(truth, fold.validRows())));
                models[f] = staged.model();
                curves[f] = staged.loss();
            } else {
                models[f] = RegressionLearners.fit(candidate, fold.trainX(), z, seed + f);
            }
        });
        if (params instanceof BoostingParams boosting) {
            params = new BoostingParams(ModelSelection.bestTreeCount(curves), boosting.maxNodes(), boosting.shrinkage());
            for (int f = 0; f < models.length; f++) { // each fold predicts with the count the other folds chose: an honest score
                double[][] others = new double[curves.length - 1][];
                for (int g = 0, o = 0; g < curves.length; g++) if (g != f) others[o++] = curves[g];
                int trees = Math.min(others.length == 0 ? curves[f].length : ModelSelection.bestTreeCount(others), curves[f].length);
                models[f] = RegressionLearners.trim((RegressionLearners.Boosted) models[f], trees);
            }
        }
        double[] outOfFold = new double[truth.length];
        IntStream.range(0, folds.size()).parallel().forEach(f -> {
            Fold fold = folds.get(f);
            for (int i = 0; i < fold.validRows().length; i++) {
                outOfFold[fold.validRows()[i]] = transform.invert(models[f].predict(fold.validX()[i]));
            }
        });
        return new Trial(params, transform, metric.score(truth, outOfFold), outOfFold);
    }

    /** Encodes every fold once, with preprocessing fitted on that fold's training part. */
    private static List<Fold> folds(RawData data, int[] rows, double[] truth, int k, long seed) {
        List<Fold> folds = new ArrayList<>();
        for (int[] valid : Splits.stratifiedFolds(strata(truth), STRATA, k, seed)) {
            int[] train = Splits.complement(rows.length, valid);
            int[] trainRows = Splits.select(rows, train);
            FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
            folds.add(new Fold(encoder.encode(data, trainRows), select(truth, train), encoder.encode(data, Splits.select(rows, valid)), valid));
        }
        return folds;
    }

    /**
     * Each value's decile of the values (0-9; tied values share one), so that the splits made for
     * classes can stratify a number: every holdout, fold and sample then spans the target's range.
     */
    static int[] strata(double[] y) {
        double[] cuts = new double[STRATA - 1];
        for (int q = 1; q < STRATA; q++) cuts[q - 1] = RegressionMetrics.quantile(y, q / (double) STRATA);
        int[] strata = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            int s = 0;
            while (s < cuts.length && y[i] > cuts[s]) s++;
            strata[i] = s;
        }
        return strata;
    }

    static double[] select(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
        return out;
    }
}
