package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.Table;
import io.tabml.ingest.TrainingConfig;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static TrainingResult trainSample() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(3000, 11)));
        List<String> stages = new ArrayList<>();
        TrainingResult result = new Trainer().train(table, TrainingConfig.DEFAULTS, (stage, percent) -> stages.add(stage));
        assertEquals(List.of("profiling", "splitting", "fitting", "evaluating"), stages);
        return result;
    }

    @Test
    void learnsTheSampleDataWellAboveChanceOnItsHoldout() {
        TrainingResult result = trainSample();
        EvaluationMetrics metrics = result.metrics();
        assertEquals(600, metrics.holdoutRows());
        assertEquals(2400, result.trainRows());
        assertEquals("yes", metrics.positiveClass(), "the minority class is the positive class");
        assertTrue(metrics.rocAuc() > 0.65, "ROC AUC " + metrics.rocAuc());
        assertEquals(600, Arrays.stream(metrics.confusionMatrix()).flatMapToInt(Arrays::stream).sum());
        assertTrue(metrics.logLoss() > 0 && metrics.logLoss() < 0.5, "log loss " + metrics.logLoss());
    }

    @Test
    void holdsOutTheSameStratifiedRowsForTheSameSeed() {
        int[] y = new int[100];
        for (int i = 0; i < 10; i++) y[i * 10] = 1;
        var first = Trainer.stratifiedSplit(y, 2, 42);
        var second = Trainer.stratifiedSplit(y, 2, 42);
        assertArrayEquals(first.holdout(), second.holdout());
        assertEquals(20, first.holdout().length);
        assertEquals(2, Arrays.stream(first.holdout()).filter(i -> y[i] == 1).count(), "20% of each class");
    }

    @Test
    void scoresAnUnseenCategoryAndMissingValuesWithoutFailing() {
        ModelPipeline pipeline = trainSample().pipeline();
        Object[] row = new Object[pipeline.schema().features().size()];
        List<FeatureSchema> features = pipeline.schema().features();
        for (int j = 0; j < row.length; j++) {
            row[j] = features.get(j).type() == io.tabml.ingest.FeatureType.NUMERIC ? null : "never-seen";
        }
        double[] probabilities = pipeline.probabilities(row);
        assertEquals(1.0, probabilities[0] + probabilities[1], 1e-9);
        assertTrue(probabilities[0] > 0 && probabilities[1] > 0);
    }

    @Test
    void survivesTheArtifactRoundTripWithIdenticalPredictions() {
        ModelPipeline pipeline = trainSample().pipeline();
        byte[] bytes = ModelArtifact.serialize(pipeline);
        ModelPipeline loaded = ModelArtifact.deserialize(bytes, io.tabml.storage.Sha256.of(bytes));
        Object[] row = {35.0, "north", "suv", 4.0, 12000.0, 1.0, 700.0, "basic", "no", "true", 500.0};
        assertArrayEquals(pipeline.probabilities(row), loaded.probabilities(row), 0.0);
        assertEquals(pipeline.schema(), loaded.schema());
    }
}
