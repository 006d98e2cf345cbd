package io.tabml.training;

import io.tabml.data.Column;
import io.tabml.data.Table;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import io.tabml.ingest.TaskChoice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a regressor as {@link Trainer} trains a classifier: holds out 20% of the rows (stratified
 * by the target's deciles, so the holdout spans its range) or takes a given test table, infers the
 * schema on the training rows, chooses learner, hyperparameters and target transform by
 * cross-validation on them ({@link RegressionSelection}), refits the winner on all training rows with
 * the same preprocessing ({@link FeatureEncoder}), and scores it on the holdout
 * ({@link RegressionMetrics}), with permutation importance in the selection metric. The prediction
 * interval comes from the winner's out-of-fold residuals ({@link RegressionPipeline}).
 *
 * <p>Where a holdout would hold fewer than {@link #MIN_HOLDOUT_ROWS} rows (a regression upload has at
 * least {@link io.tabml.ingest.TargetProfile#MIN_REGRESSION_ROWS}), every row trains the model and the
 * metrics come from cross-validation repeated on every row ({@link RegressionCrossValidation}), as a
 * classifier's do when a class is rare.
 */
final class RegressionTrainer {
    /**
     * The fewest holdout rows the metrics are measured on: below it, an RMSE moves by a large share
     * from one draw of rows to the next, and the gate's paired test has little to go on.
     */
    static final int MIN_HOLDOUT_ROWS = 30;
    /** The trainer whose memory budget the final fit keeps to. */
    private final Trainer trainer;

    RegressionTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    RegressionResult train(Table table, Table test, TrainingConfig config, TaskChoice task, ProgressListener progress) {
        Instant started = Instant.now();
        var phases = new PhaseClock();
        phases.start("schema");
        progress.report("profiling", 10);
        Table all = test == null ? table : Table.concat(table, test);
        double[] y = values(all.column(config.targetColumn()));
        int[] trainRows, holdout;
        boolean crossValidate = test == null && Math.round(y.length * Trainer.HOLDOUT_FRACTION) < MIN_HOLDOUT_ROWS;
        if (crossValidate) {
            trainRows = Trainer.range(0, y.length);
            holdout = trainRows; // every row is evaluated, each by models that did not train on it
        } else if (test == null) {
            int[][] split = Splits.stratifiedHoldout(RegressionSelection.strata(y), RegressionSelection.STRATA, Trainer.HOLDOUT_FRACTION,
                    config.seed());
            trainRows = split[0];
            holdout = split[1];
        } else {
            trainRows = Trainer.range(0, table.rowCount());
            holdout = Trainer.range(table.rowCount(), all.rowCount());
        }
        InputSchema schema = SchemaInference.infer(all.select(trainRows), config.target(), Map.of());
        RawData data = RawData.of(all, schema);

        phases.start("selection");
        var selection = new RegressionSelection(config, started.plusSeconds(config.timeBudgetSeconds())).select(data, y, trainRows, progress);
        double[] residuals = new double[selection.truth().length];
        for (int i = 0; i < residuals.length; i++) residuals[i] = selection.truth()[i] - selection.outOfFold()[i];
        double low = RegressionMetrics.quantile(residuals, RegressionPipeline.INTERVAL_LOW_QUANTILE);
        double high = RegressionMetrics.quantile(residuals, RegressionPipeline.INTERVAL_HIGH_QUANTILE);

        phases.start("final fit");
        String algorithm = selection.params().algorithm().id();
        progress.report("fitting " + algorithm, 75);
        List<String> notes = new ArrayList<>(selection.notes());
        FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
        boolean ridge = selection.params().algorithm() == RegressionAlgorithm.RIDGE;
        FinalFit finalFit = FinalFit.plan(trainRows.length, ridge ? Integer.MAX_VALUE : Trainer.MAX_TREE_ROWS, !ridge, false,
                encoder.width(), trainer.fitBudget(all, data));
        int[] fitRows = finalFit.limit() == null ? trainRows
                : Splits.stratifiedSample(trainRows, RegressionSelection.strata(y), RegressionSelection.STRATA, finalFit.rows(), config.seed());
        if (finalFit.note(algorithm) != null) notes.add(finalFit.note(algorithm));
        Regressor regressor = RegressionLearners.fit(selection.params(), encoder.encode(data, fitRows),
                selection.transform().apply(RegressionSelection.select(y, fitRows)), config.seed());
        var pipeline = new RegressionPipeline(schema, encoder, regressor, selection.transform(), algorithm, low, high);

        phases.start("evaluation");
        progress.report("evaluating", 85);
        List<Object[]> holdoutRows = Trainer.rawRows(data, holdout);
        double[] truth = RegressionSelection.select(y, holdout);
        double[] predicted;
        RegressionCrossValidation.Result cv = null;
        if (crossValidate) {
            cv = RegressionCrossValidation.run(data, y, selection, config, started.plusSeconds(config.timeBudgetSeconds()));
            predicted = cv.predictions();
            notes.addAll(cv.notes());
            notes.add("permutation importance was measured with the final model on its own training rows: there is no holdout");
        } else {
            predicted = new double[holdout.length];
            for (int i = 0; i < predicted.length; i++) predicted[i] = pipeline.predict(holdoutRows.get(i));
        }
        double trainingMean = smile.math.MathEx.mean(RegressionSelection.select(y, trainRows));
        var metrics = RegressionMetrics.of(truth, predicted, trainingMean, selection.metric(), low, high, config.seed());
        phases.start("importance");
        var importance = RegressionImportance.of(pipeline, holdoutRows, truth, selection.metric(), config.seed(),
                Duration.ofSeconds(Math.max(10, (long) (Trainer.IMPORTANCE_SHARE * config.timeBudgetSeconds()))));
        if (importance.note() != null) notes.add(importance.note());
        var evaluation = crossValidate
                ? TrainingReport.Evaluation.repeatedCrossValidation(y.length, cv.folds(), cv.repeats(), null, cv.repeatScores(),
                        String.format(Locale.ROOT, "a %.0f%% holdout would hold %d rows (fewer than %d): every row is predicted once per "
                                + "repeat by the fold model that did not see it, and scored with the mean of its predictions; the served "
                                + "model is fitted on all rows. The configuration was chosen by cross-validation on the same rows, so the "
                                + "metrics lean optimistic", 100 * Trainer.HOLDOUT_FRACTION, Math.round(y.length * Trainer.HOLDOUT_FRACTION),
                                MIN_HOLDOUT_ROWS))
                : test == null
                ? TrainingReport.Evaluation.holdout(holdout.length, Trainer.HOLDOUT_FRACTION, String.format(Locale.ROOT,
                        "%.0f%% of the rows, stratified by the target's deciles, held out before the schema was inferred and the model "
                                + "chosen and fitted", 100 * Trainer.HOLDOUT_FRACTION))
                : TrainingReport.Evaluation.testFile(holdout.length);

        phases.start("references");
        var driftReference = DriftReference.ofRegression(all, schema, trainRows, predicted);
        int[] kept = Splits.stratifiedSample(Trainer.range(0, holdout.length), RegressionSelection.strata(truth), RegressionSelection.STRATA,
                EvaluatedRows.MAX_ROWS, config.seed());
        var evaluated = EvaluatedRows.ofRegression(all, Splits.select(holdout, kept), RegressionSelection.select(predicted, kept),
                schema.target());
        var summary = new TrainingReport.RegressionSummary(selection.metric(), selection.folds(), selection.truth().length, algorithm,
                selection.params().toMap(), selection.transform().id(), selection.scores(), notes);
        var report = new TrainingReport(algorithm, null, evaluation, null, importance.importances(), schema, all.rowCount(), trainRows.length,
                TrainerVersion.current(), started, Instant.now(), phases.stop(), driftReference, task,
                new TrainingReport.RegressionReport(metrics, summary), finalFit);
        return new RegressionResult(pipeline, report, evaluated, TrainingRowSet.of(all, schema, trainRows));
    }

    /** The target's cells as numbers; validation ({@link io.tabml.ingest.TargetProfile}) made sure each is a finite one. */
    private static double[] values(Column cells) {
        double[] y = new double[cells.size()];
        for (int i = 0; i < y.length; i++) y[i] = cells.number(i);
        return y;
    }
}
