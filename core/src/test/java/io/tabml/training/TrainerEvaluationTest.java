package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tabml.data.Table;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.InputSchema;
import io.tabml.storage.Json;
import io.tabml.storage.Sha256;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the trainer evaluates (holdout or repeated cross-validation) and what it infers from which rows. */
class TrainerEvaluationTest {
    private static final String[] CLASSES = {"a", "b", "c", "d", "e", "f"};
    private static final int[] SIZES = {120, 80, 60, 40, 20, 9};

    /** Six classes around their own centres in two numbers, a weakly informative category, and noise; the rarest has 9 rows. */
    private static Table sixClasses(long seed) {
        StringBuilder csv = new StringBuilder("x1,x2,colour,noise,target\n");
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < CLASSES.length; c++) {
            double cx = 3 * Math.cos(2 * Math.PI * c / CLASSES.length), cy = 3 * Math.sin(2 * Math.PI * c / CLASSES.length);
            for (int i = 0; i < SIZES[c]; i++) {
                lines.add(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s,%.4f,%s", cx + random.nextGaussian(), cy + random.nextGaussian(),
                        random.nextDouble() < 0.6 ? "c" + c : "c" + random.nextInt(6), random.nextGaussian(), CLASSES[c]));
            }
        }
        java.util.Collections.shuffle(lines, random);
        lines.forEach(l -> csv.append(l).append('\n'));
        return Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
    }

    @Test
    void rareClassesAreEvaluatedByRepeatedCrossValidationOnEveryRowAndTheModelIsFittedOnAllRows() throws Exception {
        Table table = sixClasses(17);
        int rows = Arrays.stream(SIZES).sum();
        List<String> stages = new ArrayList<>();
        long start = System.nanoTime();
        TrainingResult result = new Trainer().train(table, TrainingConfig.DEFAULTS, (stage, percent) -> stages.add(stage));
        System.out.printf("six classes, %d rows: trained in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
        TrainingReport report = result.report();

        TrainingReport.Evaluation evaluation = report.evaluation();
        assertEquals(TrainingReport.Evaluation.REPEATED_CV, evaluation.method());
        assertEquals(rows, evaluation.rows());
        assertEquals(5, evaluation.folds());
        assertEquals(RepeatedCrossValidation.MAX_REPEATS, evaluation.repeats());
        assertEquals(evaluation.repeats(), evaluation.repeatScores().size());
        assertEquals(report.selection().metric(), evaluation.metric(), "the repeats are scored with the metric selection maximised");
        assertTrue(evaluation.reason().contains("'f'"), evaluation.reason());
        assertNull(evaluation.holdoutFraction());

        // the metrics cover every row once: the confusion matrix's rows are the class counts
        EvaluationMetrics metrics = report.metrics();
        assertEquals(rows, metrics.holdoutRows());
        assertEquals(List.of(CLASSES), metrics.classes());
        for (int c = 0; c < CLASSES.length; c++) assertEquals(SIZES[c], Arrays.stream(metrics.confusionMatrix()[c]).sum(), CLASSES[c]);
        assertEquals(rows, Arrays.stream(metrics.predictedPerClass()).sum());
        assertTrue(metrics.accuracy() > 0.6, "accuracy " + metrics.accuracy());
        assertTrue(metrics.rocAuc() > 0.85, "macro ROC AUC " + metrics.rocAuc());
        double meanOfRepeats = evaluation.repeatScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ofTheMean = valueIn(metrics, evaluation.metric());
        assertTrue(Math.abs(meanOfRepeats - ofTheMean) < 0.05 * Math.max(1, Math.abs(ofTheMean)),
                evaluation.metric() + ": one model per row " + meanOfRepeats + " vs the mean of the repeats' predictions " + ofTheMean);
        System.out.printf("six classes: %s %.4f of the averaged predictions, %.4f the mean of the repeats %s; macro ROC AUC %.4f, accuracy %.3f%n",
                evaluation.metric().id(), ofTheMean, meanOfRepeats, evaluation.repeatScores(), metrics.rocAuc(), metrics.accuracy());
        assertTrue(Arrays.stream(metrics.predictedPerClass()).allMatch(n -> n > 0), "every class is predicted: " + Arrays.toString(metrics.predictedPerClass()));

        // the served model is fitted on all rows, and its importances come from the fold models on their own rows
        assertEquals(rows, report.trainRows());
        assertEquals(rows, report.rows());
        assertTrue(stages.contains("evaluating by repeated cross-validation"), stages.toString());
        assertTrue(List.of("x1", "x2").contains(report.featureImportance().get(0).feature()), report.featureImportance().toString());
        assertEquals(FeatureImportance.REPEATS, report.featureImportance().get(0).repeats());

        // the metadata says which evaluation it was
        JsonNode json = Json.MAPPER.readTree(Json.write(report));
        assertEquals("repeated-cv", json.get("evaluation").get("method").asText());
        assertEquals(5, json.get("evaluation").get("repeats").asInt());

        // and the model is served: it survives the artifact round trip and answers for a raw row
        byte[] bytes = ModelArtifact.serialize(result.pipeline());
        ModelPipeline loaded = (ModelPipeline) ModelArtifact.deserialize(bytes, Sha256.of(bytes));
        Object[] row = {-3.0, 0.1, "c3", 0.0};
        double[] probabilities = loaded.probabilities(row);
        assertEquals(6, probabilities.length);
        assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-9);
        assertEquals("d", loaded.schema().classes().get(loaded.decide(probabilities)), Arrays.toString(probabilities));
        assertFalse(loaded.contributions(row, 3).isEmpty());
    }

    @Test
    void aDatasetWithEnoughRowsPerClassIsEvaluatedOnAHoldoutAndSaysSo() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(500, 3)));
        TrainingReport report = new Trainer().train(table, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {}).report();
        assertEquals(TrainingReport.Evaluation.HOLDOUT, report.evaluation().method());
        assertEquals(100, report.evaluation().rows());
        assertEquals(0.2, report.evaluation().holdoutFraction());
        assertNull(report.evaluation().repeats());
        assertEquals(100, report.metrics().holdoutRows());

        Table test = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(120, 4)));
        TrainingReport onTest = new Trainer().train(table, test, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {}).report();
        assertEquals(TrainingReport.Evaluation.TEST_FILE, onTest.evaluation().method());
        assertEquals(120, onTest.evaluation().rows());
    }

    /** The rarest class with 23 rows keeps 5 in a 20% holdout: no cross-validation; with 22 it would keep 4. */
    @Test
    void theHoldoutIsKeptWhileItHoldsFiveRowsOfEveryClass() {
        for (int rare : new int[] {22, 23}) {
            StringBuilder csv = new StringBuilder("x,target\n");
            Random random = new Random(rare);
            for (int i = 0; i < 200; i++) csv.append(random.nextGaussian()).append(",no\n");
            for (int i = 0; i < rare; i++) csv.append(random.nextGaussian() + 2).append(",yes\n");
            Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
            TrainingReport report = new Trainer().train(table, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {}).report();
            assertEquals(rare < 23 ? "repeated-cv" : "holdout", report.evaluation().method(), rare + " rows");
        }
    }

    /**
     * The schema is the training rows': a category only holdout rows have is unknown to the model,
     * the numbers' statistics are the training rows', and explanations measure against the very
     * median imputation uses. A row number in a file sorted by class is dropped as id-like.
     */
    @Test
    void theSchemaIsInferredOnTheTrainingRowsAndTheRowNumberIsDropped() {
        int n = 400;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i < 300 ? 0 : 1; // sorted by class
        int[][] split = Splits.stratifiedHoldout(y, 2, Trainer.HOLDOUT_FRACTION, 42);
        boolean[] held = new boolean[n];
        for (int i : split[1]) held[i] = true;
        StringBuilder csv = new StringBuilder("row,amount,shade,target\n");
        Random random = new Random(9);
        List<Double> trainAmounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // holdout rows are far larger and have a shade of their own: a schema of all rows would know both
            double amount = held[i] ? 1000 + random.nextInt(100) : random.nextInt(100) + (y[i] == 1 ? 30 : 0);
            if (!held[i]) trainAmounts.add(amount);
            String shade = held[i] && i % 2 == 0 ? "holdout-only" : random.nextBoolean() ? "light" : "dark";
            csv.append(i + 1).append(',').append(amount).append(',').append(shade).append(',').append(y[i] == 1 ? "yes" : "no").append('\n');
        }
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
        TrainingResult result = new Trainer().train(table, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {});
        InputSchema schema = result.pipeline().schema();

        assertTrue(schema.dropped().stream().anyMatch(d -> d.name().equals("row") && d.reason().startsWith("id-like: a different whole number")),
                schema.dropped().toString());
        FeatureSchema shade = schema.feature("shade").orElseThrow();
        assertTrue(shade.categories().stream().noneMatch(c -> c.value().equals("holdout-only")), shade.categories().toString());
        assertEquals(n - split[1].length, shade.categories().stream().mapToLong(FeatureSchema.CategoryCount::count).sum());
        FeatureSchema amount = schema.feature("amount").orElseThrow();
        double[] sorted = trainAmounts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(io.tabml.ingest.SchemaInference.median(sorted, sorted.length), amount.median());
        assertTrue(amount.max() < 1000, "the holdout's amounts are not the schema's: " + amount.max());

        // one baseline: the median the encoder imputes with is the schema's, and explanations skip an input at it
        int j = schema.features().indexOf(amount);
        assertEquals(amount.median(), result.pipeline().encoder().baseline(j));
        Object[] row = new Object[schema.features().size()];
        row[j] = amount.median();
        row[schema.features().indexOf(shade)] = "dark";
        assertTrue(result.pipeline().contributions(row, 5).stream().noneMatch(c -> c.feature().equals("amount")));
        assertEquals(TrainingReport.Evaluation.HOLDOUT, result.report().evaluation().method());
        assertEquals(split[1].length, result.report().metrics().holdoutRows());
    }

    /** Which threshold for which metric, on the same predictions, is DecisionThresholdTest's; here, that the trainer asks for it. */
    @Test
    void theThresholdFollowsTheSelectionMetric() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(800, 5)));
        for (String metric : List.of("accuracy", "f1", "pr_auc")) {
            var config = new TrainingConfig(null, null, List.of("logistic-regression"), metric, 3, null, null);
            String reason = new Trainer().train(table, config, (s, p) -> {}).report().metrics().thresholdReason();
            String expected = switch (metric) {
                case "accuracy" -> "maximises accuracy on the cross-validated predictions";
                case "f1" -> "maximises F1 of 'yes' on the cross-validated predictions";
                default -> "pr_auc does not depend on a threshold, so it maximises F1 of 'yes'";
            };
            assertTrue(reason.startsWith(expected), metric + ": " + reason);
        }
    }

    @Test
    void aReportStoredBeforeEvaluationsWereNamedReadsAndIsWrittenBackWithout() throws Exception {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(300, 6)));
        TrainingReport report = new Trainer().train(table, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {}).report();
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(Json.write(report));
        json.remove("evaluation");
        for (JsonNode entry : json.get("featureImportance")) {
            ((ObjectNode) entry).remove("spread");
            ((ObjectNode) entry).remove("repeats");
        }
        TrainingReport old = Json.read(Json.MAPPER.writeValueAsBytes(json), TrainingReport.class);
        assertNull(old.evaluation());
        assertEquals(json, Json.MAPPER.readTree(Json.write(old)));
    }

    private static double valueIn(EvaluationMetrics metrics, Metric metric) {
        return switch (metric) {
            case ROC_AUC -> metrics.rocAuc();
            case PR_AUC -> metrics.prAuc();
            case F1 -> metrics.f1();
            case ACCURACY -> metrics.accuracy();
            case LOG_LOSS -> metrics.logLoss();
        };
    }

    private static TrainingConfig only(Algorithm... algorithms) {
        return new TrainingConfig(null, null, Arrays.stream(algorithms).map(Algorithm::id).toList(), null, 3, null, null);
    }
}
