package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.ingest.FeatureType;
import io.tabml.storage.Sha256;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
    private static TrainingConfig only(Algorithm... algorithms) {
        return new TrainingConfig(null, null, Arrays.stream(algorithms).map(Algorithm::id).toList(), null, 3, null, null);
    }

    private static Table sample(int rows) {
        return Table.read(new ByteArrayInputStream(SampleData.damageIncidence(rows, 11)));
    }

    @Test
    void selectsByCrossValidationAndLearnsTheSampleWellAboveChance() {
        List<String> stages = new ArrayList<>();
        TrainingResult result = new Trainer().train(sample(3000), TrainingConfig.DEFAULTS, (stage, percent) -> stages.add(stage));
        EvaluationMetrics metrics = result.report().metrics();
        assertEquals(600, metrics.holdoutRows());
        assertEquals(2400, result.report().trainRows());
        assertEquals("yes", metrics.positiveClass(), "the minority class is the positive class");
        assertTrue(metrics.rocAuc() > 0.65, "ROC AUC " + metrics.rocAuc());
        assertTrue(metrics.prAuc() > 0.1 && metrics.prAuc() < 1, "PR AUC " + metrics.prAuc());
        assertEquals(600, Arrays.stream(metrics.confusionMatrix()).flatMapToInt(Arrays::stream).sum());
        assertTrue(metrics.rocCurve().size() <= EvaluationMetrics.ROC_POINTS && metrics.rocCurve().size() > 10);
        assertTrue(metrics.thresholdReason().contains("F1"), metrics.thresholdReason());
        assertTrue(metrics.threshold() < 0.5, "a 10%-positive target wants a threshold below 0.5, got " + metrics.threshold());

        var selection = result.report().selection();
        assertTrue(selection.candidates().size() >= Algorithm.values().length, "every algorithm was tried");
        // a candidate racing dropped was scored on fewer folds' rows, whose score does not compare with the others'
        var complete = selection.candidates().stream().filter(c -> c.folds() == selection.cvFolds()).toList();
        double best = complete.stream().mapToDouble(ModelSelection.CandidateScore::score).max().orElseThrow();
        assertTrue(complete.stream().anyMatch(c -> c.score() == best && c.algorithm().equals(selection.algorithm())),
                "the chosen algorithm is the best-scoring candidate of those that ran every fold");
        assertTrue(selection.candidates().stream().map(ModelSelection.CandidateScore::imbalance).distinct().count() == 3,
                "none, random oversampling and SMOTE were compared on an imbalanced target");
        assertEquals("prior_claims", result.report().featureImportance().get(0).feature(), "the strongest driver of the sample comes first");
        assertTrue(stages.contains("evaluating") && stages.stream().anyMatch(s -> s.startsWith("selecting")), stages.toString());
    }

    @Test
    void stopsSelectingWhenTheTimeBudgetRunsOutAndSaysSo() {
        var config = new TrainingConfig(null, null, null, null, 3, null, 10);
        // a budget already spent: only the first candidate runs, so that there is still a model
        var selection = new ModelSelection(config, 2, 1, java.time.Instant.now()).select(
                RawData.of(sample(600), io.tabml.ingest.SchemaInference.infer(sample(600), config.target(),
                        java.util.Map.of("no", 540L, "yes", 60L))), labels(sample(600)), range(600), (s, p) -> {});
        assertEquals(1, selection.scores().size(), "nothing but the first candidate ran past the deadline: " + selection.scores());
        assertEquals(Algorithm.LOGISTIC_REGRESSION, selection.algorithm());
        assertTrue(selection.notes().stream().anyMatch(n -> n.contains("time budget")), selection.notes().toString());
    }

    @Test
    void trainsAThreeClassTargetWithMacroMetrics() {
        StringBuilder csv = new StringBuilder("x,y,colour,target\n");
        Random random = new Random(5);
        String[] classes = {"low", "mid", "high"};
        for (int i = 0; i < 600; i++) {
            int c = i % 3;
            csv.append(random.nextGaussian() + c * 2).append(',').append(random.nextGaussian()).append(',')
                    .append(c == 2 && random.nextBoolean() ? "red" : "blue").append(',').append(classes[c]).append('\n');
        }
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
        TrainingResult result = new Trainer().train(table, TrainingConfig.DEFAULTS, (s, p) -> {});
        assertEquals(List.of("high", "low", "mid"), result.report().metrics().classes());
        assertEquals(3, result.report().metrics().confusionMatrix().length);
        assertTrue(result.report().metrics().accuracy() > 0.7, "accuracy " + result.report().metrics().accuracy());
        assertTrue(result.report().metrics().rocAuc() > 0.8, "macro ROC AUC " + result.report().metrics().rocAuc());
        assertTrue(result.report().selection().candidates().stream().anyMatch(c -> c.algorithm().equals("svm-rbf")),
                "the SVM is tried on three classes (one per pair of classes)");
        assertEquals(Metric.LOG_LOSS, result.report().selection().metric(), "more than two classes are selected on log loss");
    }

    @Test
    void dropsAnAllMissingColumnAndScoresUnseenCategoriesAndMissingValues() {
        String csv = new String(SampleData.damageIncidence(800, 4)).replace("\n", ",\n").replaceFirst(",\n", ",empty\n");
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.replace(",target,empty", ",target,empty"))));
        // the header now ends with an extra column 'empty' with no values
        ModelPipeline pipeline = new Trainer().train(table, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {}).pipeline();
        assertTrue(pipeline.schema().dropped().stream().anyMatch(d -> d.name().equals("empty") && d.reason().equals("all values missing")));
        Object[] row = new Object[pipeline.schema().features().size()];
        for (int j = 0; j < row.length; j++) {
            row[j] = pipeline.schema().features().get(j).type() == FeatureType.NUMERIC ? null : "never-seen";
        }
        double[] probabilities = pipeline.probabilities(row);
        assertEquals(1.0, probabilities[0] + probabilities[1], 1e-9);
        assertTrue(probabilities[0] > 0 && probabilities[1] > 0);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyAlgorithmSurvivesTheArtifactRoundTripWithIdenticalPredictions(Algorithm algorithm) {
        ModelPipeline pipeline = new Trainer().train(sample(700), only(algorithm), (s, p) -> {}).pipeline();
        assertEquals(algorithm.id(), pipeline.algorithm());
        byte[] bytes = ModelArtifact.serialize(pipeline);
        ModelPipeline loaded = (ModelPipeline) ModelArtifact.deserialize(bytes, Sha256.of(bytes));
        Object[] row = {35.0, "north", "suv", 4.0, 12000.0, 1.0, 700.0, "basic", "no", "true", 500.0};
        assertArrayEquals(pipeline.probabilities(row), loaded.probabilities(row), 0.0);
        assertEquals(pipeline.schema(), loaded.schema());
        assertEquals(pipeline.threshold(), loaded.threshold());
    }

    @Test
    void evaluatesOnAGivenTestTableInsteadOfAHoldout() {
        Table train = sample(1000);
        Table test = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(300, 99)));
        TrainingResult result = new Trainer().train(train, test, only(Algorithm.LOGISTIC_REGRESSION), (s, p) -> {});
        assertEquals(300, result.report().metrics().holdoutRows());
        assertEquals(1000, result.report().trainRows());
    }

    private static int[] labels(Table table) {
        String[] target = table.column("target").texts();
        return Arrays.stream(target).mapToInt(t -> t.equals("yes") ? 1 : 0).toArray();
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
