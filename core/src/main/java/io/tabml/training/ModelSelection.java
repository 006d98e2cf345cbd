package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * Candidates are raced ({@link Racing}): a candidate's folds are fitted two at a time, and one that
 * the rows validated so far leave no real chance of finishing ahead of the leader is not fitted on
 * its other folds; the notes name every candidate so dropped, with its figures.
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

    /**
     * One candidate's cross-validated score, as reports show it (see {@link Hyperparameters#toMap()}).
     * {@code folds}: the folds it was scored on, fewer than selection's when racing dropped it (its
     * score is then that of those folds' rows); absent from reports written before racing, whose
     * candidates all ran every fold.
     */
    public record CandidateScore(String algorithm, Map<String, Double> params, String imbalance, double score, double seconds,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Integer folds) {}

    /** The winner, every score, what was skipped or subsampled and why, and the winner's out-of-fold probabilities. */
    record Outcome(Hyperparameters params, Imbalance imbalance, Metric metric, List<CandidateScore> scores, List<String> notes,
                   int[] truth, double[][] outOfFold) {
        Algorithm algorithm() {
            return params.algorithm();
        }
    }

    /**
     * A candidate that was cross-validated, with its out-of-fold probabilities (of the rows its folds
     * validated on; the others null) and its score on them. {@code dropped}: the look at which racing
     * stopped it, else null. {@code standing}: what its decisions are compared by, its score when it ran
     * every fold, else the leader's score plus its lead at that look (an estimate on the same footing).
     */
    private record Trial(Hyperparameters params, Imbalance imbalance, double score, double[][] outOfFold, int folds,
                         Racing.Look dropped, double standing) {
        boolean complete() {
            return dropped == null;
        }
    }

    /** The predictions of the rows a set of folds validated on, and the candidate's params and score there. */
    private record Scored(Hyperparameters params, int[] rows, double[][] outOfFold, double score) {}

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
        String notRaced = Racing.whyNot(config, metric, classes, folds.size(), labels,
                rowsOf(folds.subList(0, Math.min(Racing.ROUND, folds.size())), labels.length));
        if (notRaced != null) notes.add(notRaced);
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
            boolean chosenDropped = false; // its score is then the estimate racing gave it, which the note says
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
                    Trial trial = crossValidate(grid.get(g), imbalance, folds, labels, seed, notRaced == null ? best : null);
                    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                    // what a candidate of this algorithm takes on every fold, for the budget's estimate of the next one
                    secondsPerCandidate.put(algorithm, seconds * folds.size() / trial.folds());
                    scores.add(new CandidateScore(algorithm.id(), trial.params().toMap(), imbalance.id(), trial.score(), seconds, trial.folds()));
                    if (!trial.complete()) notes.add(droppedNote(algorithm, grid.get(g), imbalance, trial.dropped(), best));
                    pointScore = Math.max(pointScore, trial.standing());
                    if (g == 0 && trial.standing() > chosenScore) {
                        chosenScore = trial.standing();
                        chosen = imbalance;
                        chosenDropped = !trial.complete();
                    }
                    if (trial.complete() && (best == null || trial.score() > best.score())) best = trial;
                }
                if (chosen == null) break; // nothing of this algorithm fitted in the budget
                if (g == 0 && best != null && chosenScore < best.score() - PRUNE_MARGIN) {
                    notes.add(algorithm.id() + ": rest of the grid skipped, its first try "
                            + (chosenDropped ? "(dropped by racing) was estimated at " : "scored ") + String.format("%.4f", chosenScore)
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

    /** The note that says racing dropped a candidate, at which look, and by how much it trailed the leader. */
    private String droppedNote(Algorithm algorithm, Hyperparameters point, Imbalance imbalance, Racing.Look look, Trial leader) {
        return String.format(java.util.Locale.ROOT,
                "%s %s %s dropped after %d of %d folds: on their %d rows its %s was %.4f against the leader's %.4f (%s %s %s), "
                        + "a lead of %.4f (standard error %.4f); were it as good as the leader, its chance of finishing ahead on all "
                        + "%d rows would be %.2g%%",
                algorithm.id(), point.toMap(), imbalance.id(), look.folds(), look.of(), look.rows(), metric.id(), look.candidate(),
                look.leader(), leader.params().algorithm().id(), leader.params().toMap(), leader.imbalance().id(), look.lead(),
                look.standardError(), look.allRows(), 100 * look.catchUp());
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

    /**
     * Cross-validates a candidate; for gradient boosting, also chooses its number of trees (see the
     * class comment). With a leader, the folds are fitted {@link Racing#ROUND} at a time and the
     * candidate stops once the rows leave it no real chance of passing the leader ({@link Racing});
     * without, all at once.
     */
    private Trial crossValidate(Hyperparameters candidate, Imbalance imbalance, List<Fold> folds, int[] labels, long seed, Trial leader) {
        int k = folds.size();
        ProbabilisticClassifier[] models = new ProbabilisticClassifier[k];
        double[][] curves = new double[k][];
        for (int fitted = 0; fitted < k; ) {
            int from = fitted;
            fitted = leader == null ? k : Math.min(k, fitted + Racing.ROUND);
            // folds in parallel: most learners fit on one core; each fold's fit is seeded on the thread it runs on
            java.util.stream.IntStream.range(from, fitted).parallel().forEach(f -> {
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
            if (fitted < k && leader != null) {
                Scored sofar = scored(candidate, folds.subList(0, fitted), models, curves, labels);
                Racing.Look look = Racing.look(metric, fitted, k, Splits.select(labels, sofar.rows()), Splits.select(sofar.outOfFold(), sofar.rows()),
                        Splits.select(leader.outOfFold(), sofar.rows()), positive, labels.length);
                if (look.behind()) {
                    return new Trial(sofar.params(), imbalance, sofar.score(), sofar.outOfFold(), fitted, look, leader.score() + look.lead());
                }
            }
        }
        Scored all = scored(candidate, folds, models, curves, labels);
        return new Trial(all.params(), imbalance, all.score(), all.outOfFold(), k, null, all.score());
    }

    /**
     * The candidate's predictions of the rows the given folds (the first of selection's, fitted) validated
     * on, its params (boosting's tree count, the temperature of more than two classes) chosen on those
     * folds alone, and its score on those rows. No row's prediction used a choice made on that row.
     */
    private Scored scored(Hyperparameters candidate, List<Fold> done, ProbabilisticClassifier[] fitted, double[][] curves, int[] labels) {
        Hyperparameters params = candidate;
        ProbabilisticClassifier[] models = java.util.Arrays.copyOf(fitted, done.size());
        if (params instanceof BoostingParams boosting) {
            double[][] doneCurves = java.util.Arrays.copyOf(curves, done.size());
            params = new BoostingParams(bestTreeCount(doneCurves), boosting.maxNodes(), boosting.shrinkage());
            // each fold predicts with the count the other folds chose, so its rows did not choose it: an honest score
            for (int f = 0; f < models.length; f++) {
                double[][] others = new double[doneCurves.length - 1][];
                for (int g = 0, o = 0; g < doneCurves.length; g++) if (g != f) others[o++] = doneCurves[g];
                int trees = Math.min(others.length == 0 ? doneCurves[f].length : bestTreeCount(others), doneCurves[f].length);
                models[f] = Learners.Boosting.trim(models[f], trees);
            }
        }
        int[] rows = rowsOf(done, labels.length);
        double[][] outOfFold = new double[labels.length][];
        java.util.stream.IntStream.range(0, done.size()).parallel().forEach(f -> {
            Fold fold = done.get(f);
            for (int i = 0; i < fold.validRows().length; i++) {
                outOfFold[fold.validRows()[i]] = models[f].probabilities(fold.validX()[i]);
            }
        });
        int[] truth = Splits.select(labels, rows);
        if (classes > 2) {
            params = new Hyperparameters.Tempered(params, Learners.fitTemperature(truth, Splits.select(outOfFold, rows)));
            double[][] tempered = temperedOutOfFold(done, labels, outOfFold);
            return new Scored(params, rows, tempered, metric.score(truth, Splits.select(tempered, rows), positive));
        }
        return new Scored(params, rows, outOfFold, metric.score(truth, Splits.select(outOfFold, rows), positive));
    }

    /** The rows the folds validate on, ascending: with every fold, all of them. */
    private static int[] rowsOf(List<Fold> folds, int rows) {
        boolean[] validated = new boolean[rows];
        for (Fold fold : folds) for (int i : fold.validRows()) validated[i] = true;
        return java.util.stream.IntStream.range(0, rows).filter(i -> validated[i]).toArray();
    }

    /**
     * The out-of-fold predictions of the folds' rows with a temperature applied: each fold's rows with
     * the temperature fitted on the other folds' rows, so that no row's prediction used a temperature
     * fitted on it. Rows of no fold here stay null.
     */
    private static double[][] temperedOutOfFold(List<Fold> folds, int[] labels, double[][] outOfFold) {
        double[][] tempered = new double[outOfFold.length][];
        int[] validated = rowsOf(folds, labels.length);
        for (Fold fold : folds) {
            int[] others = Splits.complement(validated, fold.validRows());
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
