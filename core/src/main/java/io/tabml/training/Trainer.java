package io.tabml.training;

import io.tabml.data.Table;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a model pipeline on a table with no tuning by the user: infers the schema, holds out a
 * stratified 20% (or takes a given test table), chooses algorithm, hyperparameters and imbalance
 * handling by cross-validation on the rest ({@link ModelSelection}), picks the decision threshold
 * on the cross-validated predictions, refits the winner on all training rows, and scores it on
 * the holdout. The returned model is the one the metrics describe.
 */
public final class Trainer {
    static final double HOLDOUT_FRACTION = 0.2;
    /** The most rows a final random forest or boosted ensemble is fitted on (single-threaded fits grow past minutes). */
    static final int MAX_TREE_ROWS = 200_000;
    /** Smile logs every tree and every optimiser step at INFO: thousands of lines per run, and real time. */
    private static final java.util.logging.Logger SMILE_LOG = java.util.logging.Logger.getLogger("smile");

    static {
        SMILE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public TrainingResult train(Table table, TrainingConfig config, ProgressListener progress) {
        return train(table, null, config, progress);
    }

    /** @param test rows to evaluate on instead of a holdout of {@code table} (for benchmarks on a fixed split), or null */
    public TrainingResult train(Table table, Table test, TrainingConfig config, ProgressListener progress) {
        Instant started = Instant.now();
        Instant deadline = started.plusSeconds(config.timeBudgetSeconds());
        progress.report("profiling", 10);
        Table all = test == null ? table : Table.concat(table, test);
        String[] target = all.column(config.targetColumn());
        Map<String, Long> classCounts = DatasetValidator.classCounts(all, config.target());
        InputSchema schema = SchemaInference.infer(table, config.target(), classCounts);
        RawData data = RawData.of(all, schema);
        int[] y = new int[target.length];
        for (int i = 0; i < y.length; i++) y[i] = schema.classes().indexOf(target[i]);
        int classes = schema.classes().size();
        int positive = schema.classes().indexOf(schema.positiveClass());

        int[][] split = test == null ? Splits.stratifiedHoldout(y, classes, HOLDOUT_FRACTION, config.seed())
                : new int[][] {range(0, table.rowCount()), range(table.rowCount(), all.rowCount())};
        int[] trainRows = split[0], holdout = split[1];

        var selection = new ModelSelection(config, classes, positive, deadline).select(data, y, trainRows, progress);
        Metrics.F1Threshold threshold = classes == 2 ? Metrics.bestF1Threshold(selection.truth(), selection.outOfFold(), positive) : null;
        String thresholdReason = classes == 2
                ? String.format("maximises F1 of '%s' on the cross-validated predictions (F1 %.3f)", schema.positiveClass(), threshold.f1())
                : "the likeliest class is predicted (more than two classes)";

        progress.report("fitting " + selection.algorithm().id(), 75);
        List<String> notes = new ArrayList<>(selection.notes());
        FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
        int[] fitRows = trainRows;
        if (selection.algorithm() == Algorithm.SVM_RBF && trainRows.length > ModelSelection.MAX_SVM_ROWS) {
            notes.add("the final svm-rbf was fitted on a stratified sample of " + ModelSelection.MAX_SVM_ROWS + " training rows");
        } else if (selection.algorithm() != Algorithm.LOGISTIC_REGRESSION && trainRows.length > MAX_TREE_ROWS) {
            fitRows = Splits.stratifiedSample(trainRows, y, classes, MAX_TREE_ROWS, config.seed());
            notes.add("the final " + selection.algorithm().id() + " was fitted on a stratified sample of " + fitRows.length
                    + " of " + trainRows.length + " training rows (tree ensembles grow slowly past that)");
        }
        ProbabilisticClassifier classifier = ModelSelection.fit(selection.params(), selection.imbalance(),
                encoder.encode(data, fitRows), Splits.select(y, fitRows), classes, config.seed());
        ModelPipeline pipeline = new ModelPipeline(schema, encoder, classifier, selection.algorithm().id(),
                threshold == null ? 0.5 : threshold.threshold());

        progress.report("evaluating", 85);
        List<Object[]> holdoutRows = new ArrayList<>(holdout.length);
        for (int i : holdout) holdoutRows.add(data.row(i));
        int[] truth = Splits.select(y, holdout);
        EvaluationMetrics metrics = evaluate(pipeline, holdoutRows, truth, thresholdReason);
        var importance = FeatureImportance.of(pipeline, holdoutRows, truth, config.seed());
        var summary = new SelectionSummary(config.selectionMetric(), ModelSelection.folds(config, selection.truth().length), selection.truth().length,
                selection.algorithm().id(), selection.params().toMap(), selection.imbalance().id(), selection.scores(), notes);
        var report = new TrainingReport(pipeline.algorithm(), metrics, summary, importance, schema,
                table.rowCount() + (test == null ? 0 : test.rowCount()), trainRows.length, TrainerVersion.current(), started, Instant.now());
        return new TrainingResult(pipeline, report);
    }

    static EvaluationMetrics evaluate(ModelPipeline pipeline, List<Object[]> rows, int[] truth, String thresholdReason) {
        int[] predicted = new int[rows.size()];
        double[][] probabilities = new double[rows.size()][];
        for (int i = 0; i < predicted.length; i++) {
            probabilities[i] = pipeline.probabilities(rows.get(i));
            predicted[i] = pipeline.decide(probabilities[i]);
        }
        InputSchema schema = pipeline.schema();
        return EvaluationMetrics.of(truth, probabilities, predicted, schema.classes(), schema.positiveClass(), pipeline.threshold(),
                thresholdReason);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /**
     * How the model was chosen: the metric, the folds, every candidate's score and what was skipped.
     * Hyperparameters are as {@link Hyperparameters#toMap()} shows them, the shape reports have always had.
     */
    public record SelectionSummary(Metric metric, int cvFolds, int rows, String algorithm, Map<String, Double> params,
                                   String imbalance, List<ModelSelection.CandidateScore> candidates, List<String> notes) {}
}
