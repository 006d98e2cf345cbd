package io.tabml.training;

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
 * grid point and the winner is used for the rest of its grid. Cheap learners go first, so when
 * the budget runs out the best of what finished is chosen and the skipped ones are named (the
 * first candidate always runs, so that there is a model).
 * Selection on more than {@link #MAX_SELECTION_ROWS} rows uses a stratified sample of that size;
 * an RBF SVM, whose cost grows with the square of the rows, sees at most {@link #MAX_SVM_ROWS}.
 */
final class ModelSelection {
    static final int MAX_SELECTION_ROWS = 10_000;
    static final int MAX_SVM_ROWS = 2_000;
    /** Below this share of the smallest class, rebalancing strategies are compared. */
    static final double IMBALANCED_SHARE = 0.35;
    /** An algorithm whose best first try scores this much below the leader does not get the rest of its grid. */
    static final double PRUNE_MARGIN = 0.02;

    /** One candidate's cross-validated score, as reports show it (see {@link Hyperparameters#toMap()}). */
    public record CandidateScore(String algorithm, Map<String, Double> params, String imbalance, double score, double seconds) {}

    /** The winner, every score, what was skipped or subsampled and why, and the winner's out-of-fold probabilities. */
    record Outcome(Hyperparameters params, Imbalance imbalance, List<CandidateScore> scores, List<String> notes, int[] truth,
                   double[][] outOfFold) {
        Algorithm algorithm() {
            return params.algorithm();
        }
    }

    /** A candidate that was cross-validated, with its out-of-fold probabilities. */
    private record Trial(Hyperparameters params, Imbalance imbalance, double score, double[][] outOfFold) {}

    private record Fold(double[][] trainX, int[] trainY, double[][] validX, int[] validRows) {}

    private final TrainingConfig config;
    private final Metric metric;
    private final int classes;
    private final int positive;
    private final Instant deadline;

    ModelSelection(TrainingConfig config, int classes, int positive, Instant deadline) {
        this.config = config;
        this.metric = config.selectionMetric();
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
        List<Imbalance> strategies = imbalanced(labels) ? List.of(Imbalance.NONE, Imbalance.CLASS_WEIGHTS, Imbalance.SMOTE)
                : List.of(Imbalance.NONE);

        List<CandidateScore> scores = new ArrayList<>();
        Map<Algorithm, Double> secondsPerCandidate = new EnumMap<>(Algorithm.class);
        Trial best = null;
        List<Algorithm> algorithms = config.algorithmList().stream().sorted(Comparator.comparingInt(Algorithm::ordinal)).toList();
        int done = 0, total = algorithms.size();
        for (Algorithm algorithm : algorithms) {
            progress.report("selecting: " + algorithm.id(), 20 + 50 * done++ / total);
            if (algorithm == Algorithm.SVM_RBF && classes != 2) {
                notes.add("svm-rbf skipped: it is binary only and the target has " + classes + " classes");
                continue;
            }
            Imbalance chosen = null;
            double chosenScore = Double.NEGATIVE_INFINITY;
            List<Hyperparameters> grid = algorithm.grid();
            for (int g = 0; g < grid.size(); g++) {
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
                    double[][] outOfFold = crossValidate(grid.get(g), imbalance, folds, rows.length, seed);
                    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                    secondsPerCandidate.put(algorithm, seconds);
                    double score = metric.score(labels, outOfFold, positive);
                    scores.add(new CandidateScore(algorithm.id(), grid.get(g).toMap(), imbalance.id(), score, seconds));
                    if (g == 0 && score > chosenScore) {
                        chosenScore = score;
                        chosen = imbalance;
                    }
                    if (best == null || score > best.score()) best = new Trial(grid.get(g), imbalance, score, outOfFold);
                }
                if (chosen == null) break; // nothing of this algorithm fitted in the budget
                if (g == 0 && best != null && chosenScore < best.score() - PRUNE_MARGIN) {
                    notes.add(algorithm.id() + ": rest of the grid skipped, its first try scored " + String.format("%.4f", chosenScore)
                            + " against the leader's " + String.format("%.4f", best.score()));
                    break;
                }
            }
        }
        if (algorithms.contains(Algorithm.SVM_RBF) && classes == 2 && rows.length * (folds.size() - 1) / folds.size() > MAX_SVM_ROWS) {
            notes.add("svm-rbf was cross-validated on samples of at most " + MAX_SVM_ROWS + " rows per fold (its cost grows with the square of the rows)");
        }
        if (best == null) throw new IllegalStateException("no candidate finished within the time budget of " + config.timeBudgetSeconds() + " s");
        return new Outcome(best.params(), best.imbalance(), scores, notes, labels, best.outOfFold());
    }

    private double[][] crossValidate(Hyperparameters params, Imbalance imbalance, List<Fold> folds, int n, long seed) {
        double[][] outOfFold = new double[n][];
        // folds in parallel: most learners fit on one core; each fold writes only its own rows
        java.util.stream.IntStream.range(0, folds.size()).parallel().forEach(f -> {
            Fold fold = folds.get(f);
            ProbabilisticClassifier model = fit(params, imbalance, fold.trainX(), fold.trainY(), classes, seed + f);
            for (int i = 0; i < fold.validRows().length; i++) {
                outOfFold[fold.validRows()[i]] = model.probabilities(fold.validX()[i]);
            }
        });
        return outOfFold;
    }

    /** Rebalances and fits one candidate; used for the folds and for the final model. */
    static ProbabilisticClassifier fit(Hyperparameters params, Imbalance imbalance, double[][] x, int[] y, int classes, long seed) {
        if (params.algorithm() == Algorithm.SVM_RBF && x.length > MAX_SVM_ROWS) {
            int[] sample = Splits.stratifiedSample(java.util.stream.IntStream.range(0, x.length).toArray(), y, classes, MAX_SVM_ROWS, seed);
            x = Splits.select(x, sample);
            y = Splits.select(y, sample);
        }
        Imbalance.Sample sample = imbalance.apply(x, y, classes, seed);
        return Learners.fit(params, sample.x(), sample.y(), classes, seed);
    }

    /** Encodes every fold once, with preprocessing fitted on that fold's training part. */
    private List<Fold> folds(RawData data, int[] rows, int[] labels, long seed) {
        int[][] validation = Splits.stratifiedFolds(labels, classes, folds(config, rows.length), seed);
        List<Fold> folds = new ArrayList<>();
        for (int[] valid : validation) {
            int[] train = Splits.complement(rows.length, valid);
            int[] trainRows = Splits.select(rows, train);
            FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
            folds.add(new Fold(encoder.encode(data, trainRows), Splits.select(labels, train),
                    encoder.encode(data, Splits.select(rows, valid)), valid));
        }
        return folds;
    }

    /** The configured folds, or 5 (3 above 5,000 rows, where three folds already hold thousands of rows each). */
    static int folds(TrainingConfig config, int rows) {
        return config.cvFolds() != null ? config.cvFolds() : rows <= 5000 ? 5 : 3;
    }

    private boolean imbalanced(int[] labels) {
        int smallest = java.util.Arrays.stream(Splits.classCounts(labels, classes)).min().orElse(0);
        return (double) smallest / labels.length < IMBALANCED_SHARE;
    }
}
