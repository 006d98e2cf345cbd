package io.tabml.training;

import io.tabml.ingest.InputSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluates the chosen configuration by stratified k-fold cross-validation repeated with fresh
 * folds, on every row, where a holdout would hold too few rows of some class to say anything
 * (see {@link Trainer#MIN_HOLDOUT_ROWS_PER_CLASS}). Each fold refits everything the final model
 * has (encoder, rebalancing, learner, on the rows the final fit would take) on its training part
 * and predicts its held-out part through a pipeline with the final decision threshold, exactly as
 * a holdout is scored.
 *
 * <p>Every row is predicted once per repeat by a model that did not see it. The evaluated
 * probabilities of a row are the mean of its predictions over the repeats, so that the metrics
 * cover every row exactly once (the confusion matrix sums to the rows, and the quality gate's
 * bounds, which take the rows as independent, are not inflated by counting a row several times).
 * The mean of several models' predictions is a little better than one model's, most of all in log
 * loss; the selection metric of each repeat on its own (one model per row) is kept alongside, and
 * its mean is the plain estimate.
 *
 * <p>Repeats run until {@link #MAX_REPEATS} or until the next one, timed by the last, would end
 * after the deadline; the first always runs.
 */
final class RepeatedCrossValidation {
    static final int MAX_REPEATS = 5;

    /**
     * @param probabilities per row, the mean of its out-of-fold class probabilities over the repeats
     * @param repeatScores  the selection metric ({@link ModelSelection.Outcome#metric()}) on each repeat's out-of-fold predictions alone
     * @param foldModels    the first repeat's fold models, and for each row the one that did not see it
     */
    record Result(int folds, int repeats, double[][] probabilities, List<Double> repeatScores, List<ModelPipeline> foldModels,
                  int[] foldOf, List<String> notes) {}

    private RepeatedCrossValidation() {}

    static Result run(RawData data, int[] y, int classes, InputSchema schema, ModelSelection.Outcome chosen, double threshold,
                      TrainingConfig config, Instant deadline) {
        int n = y.length;
        int k = ModelSelection.folds(config, n);
        int positive = Math.max(0, schema.classes().indexOf(schema.positiveClass()));
        double[][] sum = new double[n][classes];
        List<Double> repeatScores = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ModelPipeline> foldModels = null;
        int[] foldOf = new int[n];
        Duration last = Duration.ZERO;
        int repeats = 0;
        for (int r = 0; r < MAX_REPEATS; r++) {
            if (r > 0 && Instant.now().plus(last).isAfter(deadline)) {
                notes.add("the repeated cross-validation stopped after " + r + " of " + MAX_REPEATS
                        + " repeats: the next would have run past the time budget of " + config.timeBudgetSeconds() + " s");
                break;
            }
            Instant start = Instant.now();
            long seed = config.seed() + 7919L * r;
            int[][] validation = Splits.stratifiedFolds(y, classes, k, seed);
            ModelPipeline[] models = new ModelPipeline[k];
            double[][] outOfFold = new double[n][];
            // folds in parallel, as selection runs them: each writes only its own rows
            IntStream.range(0, k).parallel().forEach(f -> {
                int[] valid = validation[f];
                if (valid.length == 0) return;
                int[] train = Splits.complement(n, valid);
                models[f] = fit(data, y, classes, schema, chosen, threshold, train, seed + f);
                for (int i : valid) outOfFold[i] = models[f].probabilities(data.row(i));
            });
            int[] decided = new int[n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) sum[i][c] += outOfFold[i][c];
                decided[i] = models[0].decide(outOfFold[i]);
            }
            repeatScores.add(reported(chosen.metric(), y, outOfFold, decided, positive, classes));
            if (r == 0) {
                foldModels = java.util.Arrays.asList(models);
                for (int f = 0; f < k; f++) for (int i : validation[f]) foldOf[i] = f;
            }
            repeats++;
            last = Duration.between(start, Instant.now());
        }
        for (double[] row : sum) for (int c = 0; c < classes; c++) row[c] /= repeats;
        return new Result(k, repeats, sum, repeatScores, foldModels, foldOf, notes);
    }

    /** One fold's pipeline: fitted as the final model is, on the fold's training rows. */
    private static ModelPipeline fit(RawData data, int[] y, int classes, InputSchema schema, ModelSelection.Outcome chosen,
                                     double threshold, int[] train, long seed) {
        FeatureEncoder encoder = FeatureEncoder.fit(data, train);
        int[] fitRows = train;
        if (chosen.algorithm() != Algorithm.LOGISTIC_REGRESSION && chosen.algorithm() != Algorithm.SVM_RBF
                && train.length > Trainer.MAX_TREE_ROWS) {
            fitRows = Splits.stratifiedSample(train, y, classes, Trainer.MAX_TREE_ROWS, seed);
        }
        ProbabilisticClassifier classifier = ModelSelection.fit(chosen.params(), chosen.imbalance(), EncodedColumns.of(encoder, schema),
                encoder.encode(data, fitRows), Splits.select(y, fitRows), classes, seed);
        return new ModelPipeline(schema, encoder, classifier, chosen.algorithm().id(), threshold);
    }

    /**
     * The selection metric's value as the report states it: of the probabilities, or for F1 and
     * accuracy of the decided classes (the model's threshold). A log loss is a loss here, not negated.
     */
    static double reported(Metric metric, int[] truth, double[][] probabilities, int[] decided, int positive, int classes) {
        return switch (metric) {
            case F1 -> Metrics.f1(Metrics.confusionMatrix(truth, decided, classes), positive);
            case ACCURACY -> Metrics.accuracy(truth, decided);
            default -> metric.value(truth, probabilities, positive);
        };
    }
}
