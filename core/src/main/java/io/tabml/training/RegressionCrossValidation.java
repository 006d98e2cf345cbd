package io.tabml.training;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A regressor's evaluation where a holdout would hold too few rows to say anything
 * ({@link RegressionTrainer#MIN_HOLDOUT_ROWS}): k-fold cross-validation on every row, stratified by
 * the target's deciles and repeated with fresh folds, as {@link RepeatedCrossValidation} does for a
 * classifier with a rare class. Each fold refits what the final model has (the encoder, the chosen
 * learner and hyperparameters, the chosen target transform) on its training part and predicts its
 * held-out part. A row's evaluated prediction is the mean of its predictions over the repeats, so the
 * metrics count every row once; the selection metric of each repeat on its own is kept beside them.
 *
 * <p>Repeats run until {@link #MAX_REPEATS} or until the next one, timed by the last, would end after
 * the deadline; the first always runs.
 */
final class RegressionCrossValidation {
    static final int MAX_REPEATS = 5;

    /**
     * @param predictions  per row, the mean of its out-of-fold predictions over the repeats, in the target's unit
     * @param repeatScores the selection metric of each repeat's out-of-fold predictions alone
     */
    record Result(int folds, int repeats, double[] predictions, List<Double> repeatScores, List<String> notes) {}

    private RegressionCrossValidation() {}

    static Result run(RawData data, double[] y, RegressionSelection.Outcome chosen, TrainingConfig config, Instant deadline) {
        int n = y.length;
        int k = ModelSelection.folds(config, n);
        int[] strata = RegressionSelection.strata(y);
        double[] sum = new double[n];
        List<Double> repeatScores = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Duration last = Duration.ZERO;
        for (int repeat = 0; repeat < MAX_REPEATS; repeat++) {
            if (repeat > 0 && Instant.now().plus(last).isAfter(deadline)) {
                notes.add("the evaluation's cross-validation was repeated " + repeat + " times, not " + MAX_REPEATS
                        + ": another repeat would have passed the time budget");
                break;
            }
            Instant began = Instant.now();
            double[] outOfFold = new double[n];
            for (int[] valid : Splits.stratifiedFolds(strata, RegressionSelection.STRATA, k, config.seed() + repeat)) {
                int[] train = Splits.complement(n, valid);
                FeatureEncoder encoder = FeatureEncoder.fit(data, train);
                Regressor model = RegressionLearners.fit(chosen.params(), encoder.encode(data, train),
                        chosen.transform().apply(RegressionSelection.select(y, train)), config.seed());
                double[][] held = encoder.encode(data, valid);
                for (int i = 0; i < valid.length; i++) outOfFold[valid[i]] = chosen.transform().invert(model.predict(held[i]));
            }
            for (int i = 0; i < n; i++) sum[i] += outOfFold[i];
            repeatScores.add(chosen.metric().value(y, outOfFold));
            last = Duration.between(began, Instant.now());
        }
        double[] predictions = new double[n];
        for (int i = 0; i < n; i++) predictions[i] = sum[i] / repeatScores.size();
        return new Result(k, repeatScores.size(), predictions, repeatScores, notes);
    }
}
