package io.tabml.training;

import io.tabml.ingest.DatasetRejectedException;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.Missing;
import io.tabml.ingest.SchemaInference;
import io.tabml.ingest.Table;
import io.tabml.ingest.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import smile.classification.LogisticRegression;

/**
 * Trains a model pipeline on a table: infers the schema, holds out a stratified 20% for
 * evaluation, fits the encoder and a regularised logistic regression on the rest, and scores the
 * holdout. The model that is returned is the one the metrics describe.
 */
public final class Trainer {
    static final double HOLDOUT_FRACTION = 0.2;
    static final String ALGORITHM = "logistic-regression";

    public TrainingResult train(Table table, TrainingConfig config, ProgressListener progress) {
        progress.report("profiling", 10);
        String[] target = table.column(config.targetColumn());
        Map<String, Long> classCounts = countClasses(table, target, config);
        InputSchema schema = SchemaInference.infer(table, config, classCounts);
        Object[][] rows = rawRows(table, schema);
        int[] y = new int[target.length];
        for (int i = 0; i < y.length; i++) y[i] = schema.classes().indexOf(target[i]);

        progress.report("splitting", 20);
        Split split = stratifiedSplit(y, schema.classes().size(), config.seed());

        progress.report("fitting", 40);
        FeatureEncoder encoder = FeatureEncoder.fit(schema, rows, split.train());
        double[][] xTrain = new double[split.train().length][];
        int[] yTrain = new int[split.train().length];
        for (int i = 0; i < xTrain.length; i++) {
            xTrain[i] = encoder.encode(rows[split.train()[i]]);
            yTrain[i] = y[split.train()[i]];
        }
        var classifier = LogisticRegression.fit(xTrain, yTrain, new LogisticRegression.Options(0.1, 1e-5, 500));
        ModelPipeline pipeline = new ModelPipeline(schema, encoder, classifier, ALGORITHM, 0.5);

        progress.report("evaluating", 80);
        EvaluationMetrics metrics = evaluate(pipeline, rows, y, split.holdout());
        return new TrainingResult(pipeline, metrics, table.rowCount(), split.train().length);
    }

    static EvaluationMetrics evaluate(ModelPipeline pipeline, Object[][] rows, int[] y, int[] holdout) {
        int[] truth = new int[holdout.length];
        int[] predicted = new int[holdout.length];
        double[][] probabilities = new double[holdout.length][];
        for (int i = 0; i < holdout.length; i++) {
            truth[i] = y[holdout[i]];
            probabilities[i] = pipeline.probabilities(rows[holdout[i]]);
            predicted[i] = pipeline.decide(probabilities[i]);
        }
        InputSchema schema = pipeline.schema();
        return EvaluationMetrics.of(truth, probabilities, predicted, schema.classes(), schema.positiveClass(), pipeline.threshold());
    }

    /** The table's feature values as typed raw rows, in schema order (see {@link FeatureEncoder}). */
    static Object[][] rawRows(Table table, InputSchema schema) {
        int p = schema.features().size();
        String[][] columns = new String[p][];
        for (int j = 0; j < p; j++) columns[j] = table.column(schema.features().get(j).name());
        Object[][] rows = new Object[table.rowCount()][p];
        for (int j = 0; j < p; j++) {
            FeatureSchema feature = schema.features().get(j);
            for (int i = 0; i < rows.length; i++) {
                String value = columns[j][i];
                rows[i][j] = Missing.isMissing(value) ? null
                        : feature.type() == FeatureType.NUMERIC ? SchemaInference.parseNumber(value) : value;
            }
        }
        return rows;
    }

    private static Map<String, Long> countClasses(Table table, String[] target, TrainingConfig config) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < target.length; i++) {
            if (Missing.isMissing(target[i])) {
                throw new DatasetRejectedException("missing_target", "line " + table.lines()[i]
                        + " has no value in the target column '" + config.targetColumn() + "'", table.lines()[i]);
            }
            counts.merge(target[i], 1L, Long::sum);
        }
        DatasetValidator.checkClasses(counts, config);
        return counts;
    }

    /** Holds out {@link #HOLDOUT_FRACTION} of every class (at least one row), reproducibly for a seed. */
    static Split stratifiedSplit(int[] y, int classes, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> holdout = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == c) members.add(i);
            Collections.shuffle(members, random);
            int held = Math.max(1, (int) Math.round(members.size() * HOLDOUT_FRACTION));
            holdout.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        Collections.sort(train);
        Collections.sort(holdout);
        return new Split(train.stream().mapToInt(Integer::intValue).toArray(), holdout.stream().mapToInt(Integer::intValue).toArray());
    }

    record Split(int[] train, int[] holdout) {}
}
