package io.tabml.training;

import io.tabml.data.Column;
import io.tabml.data.Table;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.SchemaInference;
import io.tabml.ingest.Task;
import io.tabml.ingest.TaskChoice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a model pipeline on a table with no tuning by the user: holds out a stratified 20% (or
 * takes a given test table), infers the schema on the training rows, chooses algorithm,
 * hyperparameters and imbalance handling by cross-validation on them ({@link ModelSelection}),
 * picks the decision threshold for the selection metric on the cross-validated predictions
 * ({@link DecisionThreshold}), refits the winner on the training rows ({@link FinalFit}: all of
 * them unless a time or memory cap says fewer), and scores it on the holdout. The returned model is the one the metrics describe. The report also records what
 * monitoring compares live traffic with ({@link DriftReference}), and the result what the registry
 * compares a later version with ({@link EvaluatedRows}, {@link TrainingRowSet}).
 *
 * <p>Where the holdout would hold fewer than {@link #MIN_HOLDOUT_ROWS_PER_CLASS} rows of some class,
 * its metrics would rest on a handful of rows: then there is no holdout, everything above runs on
 * all rows, and the chosen configuration is evaluated by stratified repeated cross-validation
 * ({@link RepeatedCrossValidation}): every row's out-of-fold predictions, averaged over the repeats,
 * are scored as a holdout is ({@link EvaluationMetrics#of}), and the served model is fitted on all
 * rows. The report's {@link TrainingReport.Evaluation} says which evaluation a model had.
 */
public final class Trainer {
    static final double HOLDOUT_FRACTION = 0.2;
    /**
     * Fewer held-out rows than this of some class and there is no holdout (repeated cross-validation
     * instead). The same floor as an upload's rows per class: below it a class's recall moves in
     * steps of 25 points or more per row, and its ROC AUC against the rest has a standard error
     * above 0.1. The stratified holdout takes 20%, so this applies to classes of fewer than 23 rows.
     */
    static final int MIN_HOLDOUT_ROWS_PER_CLASS = 5;
    /** Under repeated cross-validation, the share of the time budget kept back from selection for the evaluation. */
    static final double EVALUATION_SHARE = 0.25;
    /** Permutation importance may take about this share of the time budget (at least 10 s) before its sample shrinks. */
    static final double IMPORTANCE_SHARE = 0.1;
    /** The most rows a final random forest or boosted ensemble is fitted on (single-threaded fits grow past minutes). */
    static final int MAX_TREE_ROWS = 200_000;
    /** What the final fit may hold ({@link FinalFit}); null: its default, from the heap the data leaves. */
    private final Long fitMemoryBytes;
    /** Smile logs every tree and every optimiser step at INFO: thousands of lines per run, and real time. */
    private static final java.util.logging.Logger SMILE_LOG = java.util.logging.Logger.getLogger("smile");

    static {
        SMILE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** A trainer whose final fit may take {@link FinalFit#HEAP_SHARE} of the heap its data leaves. */
    public Trainer() {
        this.fitMemoryBytes = null;
    }

    /** A trainer whose final fit may take {@code fitMemoryBytes} ({@link FinalFit}). */
    public Trainer(long fitMemoryBytes) {
        this.fitMemoryBytes = fitMemoryBytes;
    }

    /**
     * Trains what the data asks for: reads the task from the config or the target's values
     * ({@link io.tabml.ingest.TargetProfile}), checks the config fits it, and trains a classifier
     * (below) or a regressor ({@link RegressionTrainer}). The trainer's entry point.
     *
     * @param test rows to evaluate on instead of a holdout of {@code table} (for benchmarks on a fixed split), or null
     */
    public TrainingOutput run(Table table, Table test, TrainingConfig config, ProgressListener progress) {
        TaskChoice task = task(table, test, config);
        return switch (task.task()) {
            case CLASSIFICATION -> classify(table, test, config, task, progress);
            case REGRESSION -> new RegressionTrainer(this).train(table, test, config, task, progress);
        };
    }

    public TrainingResult train(Table table, TrainingConfig config, ProgressListener progress) {
        return train(table, null, config, progress);
    }

    /**
     * Trains a classifier; a target the task rule reads as a number is refused ({@link #run} trains either).
     *
     * @param test rows to evaluate on instead of a holdout of {@code table} (for benchmarks on a fixed split), or null
     */
    public TrainingResult train(Table table, Table test, TrainingConfig config, ProgressListener progress) {
        TaskChoice task = task(table, test, config);
        if (task.task() != Task.CLASSIFICATION) throw new IllegalArgumentException("not a classification: " + task.reason());
        return classify(table, test, config, task, progress);
    }

    /** The task chosen for the rows, checked as an upload's is, with a config that fits it. */
    private static TaskChoice task(Table table, Table test, TrainingConfig config) {
        TaskChoice task = DatasetValidator.task(test == null ? table : Table.concat(table, test), config.target());
        config.checkFits(task.task());
        return task;
    }

    private TrainingResult classify(Table table, Table test, TrainingConfig config, TaskChoice task, ProgressListener progress) {
        Instant started = Instant.now();
        Instant budgetEnd = started.plusSeconds(config.timeBudgetSeconds());
        var phases = new PhaseClock();
        phases.start("schema");
        progress.report("profiling", 10);
        Table all = test == null ? table : Table.concat(table, test);
        Column target = all.column(config.targetColumn());
        Map<String, Long> classCounts = DatasetValidator.classCounts(all, config.target());
        List<String> classNames = classCounts.keySet().stream().sorted().toList();
        Map<String, Integer> classIndex = new java.util.HashMap<>();
        for (String name : classNames) classIndex.put(name, classIndex.size());
        int[] y = new int[target.size()];
        for (int i = 0; i < y.length; i++) y[i] = classIndex.get(target.text(i));
        int classes = classNames.size();

        int[] trainRows, holdout;
        String shortClass = null;
        int shortHoldout = 0;
        if (test == null) {
            int[][] split = Splits.stratifiedHoldout(y, classes, HOLDOUT_FRACTION, config.seed());
            int[] held = Splits.classCounts(Splits.select(y, split[1]), classes);
            for (int c = 0; c < classes; c++) {
                if (held[c] < MIN_HOLDOUT_ROWS_PER_CLASS && (shortClass == null || held[c] < shortHoldout)) {
                    shortClass = classNames.get(c);
                    shortHoldout = held[c];
                }
            }
            trainRows = shortClass == null ? split[0] : range(0, all.rowCount());
            holdout = shortClass == null ? split[1] : new int[0];
        } else {
            trainRows = range(0, table.rowCount());
            holdout = range(table.rowCount(), all.rowCount());
        }
        boolean crossValidated = shortClass != null;

        // the schema (types, categories, medians, dropped columns, the default positive class) is the training rows' only
        Map<String, Long> trainCounts = new TreeMap<>();
        for (String name : classNames) trainCounts.put(name, 0L);
        for (int i : trainRows) trainCounts.merge(classNames.get(y[i]), 1L, Long::sum);
        InputSchema schema = SchemaInference.infer(all.select(trainRows), config.target(), trainCounts);
        RawData data = RawData.of(all, schema);
        int positive = schema.classes().indexOf(schema.positiveClass());
        Instant deadline = crossValidated
                ? started.plusMillis((long) (config.timeBudgetSeconds() * 1000L * (1 - EVALUATION_SHARE))) : budgetEnd;

        phases.start("selection");
        var selection = new ModelSelection(config, classes, positive, deadline).select(data, y, trainRows, progress);
        DecisionThreshold.Choice threshold = classes == 2
                ? DecisionThreshold.choose(selection.metric(), selection.truth(), selection.outOfFold(), positive, schema.positiveClass())
                : null;
        String thresholdReason = classes == 2 ? threshold.reason() : "the likeliest class is predicted (more than two classes)";

        phases.start("final fit");
        progress.report("fitting " + selection.algorithm().id(), 75);
        List<String> notes = new ArrayList<>(selection.notes());
        if (crossValidated && notes.stream().anyMatch(n -> n.contains("time budget"))) {
            notes.add(String.format(java.util.Locale.ROOT, "model selection had %.0f%% of the time budget; the rest was kept for the repeated cross-validation",
                    100 * (1 - EVALUATION_SHARE)));
        }
        FeatureEncoder encoder = FeatureEncoder.fit(data, trainRows);
        Algorithm chosen = selection.algorithm();
        FinalFit finalFit = FinalFit.plan(trainRows.length, switch (chosen) {
            case SVM_RBF -> ModelSelection.MAX_SVM_ROWS;
            case LOGISTIC_REGRESSION -> Integer.MAX_VALUE;
            default -> MAX_TREE_ROWS;
        }, chosen != Algorithm.LOGISTIC_REGRESSION, selection.imbalance() != Imbalance.NONE, encoder.width(), fitBudget(all, data));
        int[] fitRows = finalFit.limit() == null ? trainRows : Splits.stratifiedSample(trainRows, y, classes, finalFit.rows(), config.seed());
        if (finalFit.note(chosen.id()) != null) notes.add(finalFit.note(chosen.id()));
        ProbabilisticClassifier classifier = ModelSelection.fit(selection.params(), selection.imbalance(), EncodedColumns.of(encoder, schema),
                encoder.encode(data, fitRows), Splits.select(y, fitRows), classes, config.seed());
        ModelPipeline pipeline = new ModelPipeline(schema, encoder, classifier, selection.algorithm().id(),
                threshold == null ? 0.5 : threshold.threshold());

        phases.start("evaluation");
        progress.report("evaluating", 85);
        Metric metric = selection.metric(); // what selection maximised: importance and repeat scores speak the same metric
        java.time.Duration importanceAllowance = java.time.Duration.ofSeconds(Math.max(10, (long) (IMPORTANCE_SHARE * config.timeBudgetSeconds())));
        EvaluationMetrics metrics;
        FeatureImportance.Result importance;
        TrainingReport.Evaluation evaluation;
        int[] evaluatedRows;
        double[][] evaluatedProbabilities;
        if (!crossValidated) {
            List<Object[]> holdoutRows = rawRows(data, holdout);
            int[] truth = Splits.select(y, holdout);
            evaluatedRows = holdout;
            evaluatedProbabilities = probabilities(pipeline, holdoutRows);
            metrics = evaluate(pipeline, evaluatedProbabilities, truth, thresholdReason);
            phases.start("importance");
            importance = FeatureImportance.of(pipeline, holdoutRows, truth, metric, config.seed(), importanceAllowance);
            evaluation = test == null
                    ? TrainingReport.Evaluation.holdout(holdout.length, HOLDOUT_FRACTION, String.format(java.util.Locale.ROOT,
                            "a stratified %.0f%% of the rows, held out before the schema was inferred and the model chosen and fitted",
                            100 * HOLDOUT_FRACTION))
                    : TrainingReport.Evaluation.testFile(holdout.length);
        } else {
            progress.report("evaluating by repeated cross-validation", 85);
            var cv = RepeatedCrossValidation.run(data, y, classes, schema, selection, pipeline.threshold(), config, budgetEnd);
            evaluatedRows = range(0, y.length);
            evaluatedProbabilities = cv.probabilities();
            int[] predicted = new int[y.length];
            for (int i = 0; i < y.length; i++) predicted[i] = pipeline.decide(cv.probabilities()[i]);
            metrics = EvaluationMetrics.of(y, cv.probabilities(), predicted, schema.classes(), schema.positiveClass(),
                    pipeline.threshold(), thresholdReason);
            phases.start("importance");
            importance = FeatureImportance.of(cv.foldModels(), cv.foldOf(), rawRows(data, trainRows), y, metric, config.seed(),
                    importanceAllowance);
            notes.addAll(cv.notes());
            evaluation = TrainingReport.Evaluation.repeatedCrossValidation(y.length, cv.folds(), cv.repeats(), metric, cv.repeatScores(),
                    String.format(java.util.Locale.ROOT, "a stratified %.0f%% holdout would hold %d row(s) of '%s' (fewer than %d): every row is predicted "
                                    + "once per repeat by the fold model that did not see it, and scored with the mean of its "
                                    + "predictions; the served model is fitted on all rows. The configuration was chosen by "
                                    + "cross-validation on the same rows, so the metrics lean optimistic",
                            100 * HOLDOUT_FRACTION, shortHoldout, shortClass, MIN_HOLDOUT_ROWS_PER_CLASS));
        }
        if (importance.note() != null) notes.add(importance.note());
        var summary = new SelectionSummary(selection.metric(), ModelSelection.folds(config, selection.truth().length), selection.truth().length,
                selection.algorithm().id(), selection.params().toMap(), selection.imbalance().id(), selection.scores(), notes);
        phases.start("references");
        var driftReference = DriftReference.of(all, schema, trainRows, evaluatedProbabilities);
        int[] kept = Splits.stratifiedSample(range(0, evaluatedRows.length), Splits.select(y, evaluatedRows), classes,
                EvaluatedRows.MAX_ROWS, config.seed());
        double[][] keptProbabilities = new double[kept.length][];
        for (int k = 0; k < kept.length; k++) keptProbabilities[k] = evaluatedProbabilities[kept[k]];
        var evaluated = EvaluatedRows.of(all, Splits.select(evaluatedRows, kept), keptProbabilities, schema.target(), schema.classes());
        var trainingRowSet = TrainingRowSet.of(all, schema, trainRows);
        var report = new TrainingReport(pipeline.algorithm(), metrics, evaluation, summary, importance.importances(), schema,
                table.rowCount() + (test == null ? 0 : test.rowCount()), trainRows.length, TrainerVersion.current(), started, Instant.now(),
                phases.stop(), driftReference, task, null, finalFit);
        return new TrainingResult(pipeline, report, evaluated, trainingRowSet);
    }

    /** The final fit's memory budget: the one given, or the default beside the table and its typed features. */
    long fitBudget(Table table, RawData data) {
        return fitMemoryBytes != null ? fitMemoryBytes : FinalFit.defaultBudgetBytes(table.bytes() + data.bytes());
    }

    private static double[][] probabilities(ModelPipeline pipeline, List<Object[]> rows) {
        double[][] probabilities = new double[rows.size()][];
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = pipeline.probabilities(rows.get(i));
        return probabilities;
    }

    private static EvaluationMetrics evaluate(ModelPipeline pipeline, double[][] probabilities, int[] truth, String thresholdReason) {
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < predicted.length; i++) predicted[i] = pipeline.decide(probabilities[i]);
        InputSchema schema = pipeline.schema();
        return EvaluationMetrics.of(truth, probabilities, predicted, schema.classes(), schema.positiveClass(), pipeline.threshold(),
                thresholdReason);
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /** The given rows as raw rows a pipeline takes, made as they are read (a holdout can be large). */
    static List<Object[]> rawRows(RawData data, int[] rows) {
        return new java.util.AbstractList<>() {
            @Override
            public Object[] get(int index) {
                return data.row(rows[index]);
            }

            @Override
            public int size() {
                return rows.length;
            }
        };
    }

    /**
     * How the model was chosen: the metric, the folds, every candidate's score and what was skipped.
     * Hyperparameters are as {@link Hyperparameters#toMap()} shows them, the shape reports have always had.
     */
    public record SelectionSummary(Metric metric, int cvFolds, int rows, String algorithm, Map<String, Double> params,
                                   String imbalance, List<ModelSelection.CandidateScore> candidates, List<String> notes) {}
}
