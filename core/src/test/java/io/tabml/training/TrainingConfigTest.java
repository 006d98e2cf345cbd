package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.storage.Json;
import io.tabml.testing.SampleData;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void fillsDefaultsForMissingKeys() {
        TrainingConfig config = TrainingConfig.parse(SampleData.csv("{\"positiveClass\": \"yes\"}"));
        assertEquals("target", config.targetColumn());
        assertEquals("yes", config.positiveClass());
        assertEquals(42L, config.seed());
    }

    @Test
    void rejectsUnknownKeysAndBadJsonWithAMessage() {
        var unknown = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv("{\"tagret\": \"y\"}")));
        assertEquals("invalid_config", unknown.code());
        assertTrue(unknown.getMessage().contains("tagret"), unknown.getMessage());
        assertEquals("invalid_config", assertThrows(DatasetRejectedException.class,
                () -> TrainingConfig.parse(SampleData.csv("{not json"))).code());
    }

    @Test
    void rejectsValuesOutsideTheirRangeNamingEachKey() {
        var e = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv(
                "{\"algorithms\": [\"random-forest\", \"deep-net\"], \"metric\": \"auc\", \"cvFolds\": 1, \"timeBudgetSeconds\": 5}")));
        for (String key : new String[] {"algorithms: unknown 'deep-net'", "metric: unknown 'auc'", "cvFolds", "timeBudgetSeconds"}) {
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    @Test
    void rejectsAnUnknownMetricNamingTheKnownOnes() {
        var e = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv("{\"metric\": \"AUC\"}")));
        assertEquals("config.json: metric: unknown 'auc' (known: accuracy, f1, log_loss, pr_auc, roc_auc; for regression: mae, r2, rmse)",
                e.getMessage());
    }

    @Test
    void namesTheSelectionMetricInAnyCaseAndLeavesItUnsetWhenNotGiven() {
        assertEquals(Metric.ROC_AUC, TrainingConfig.DEFAULTS.selectionMetric(2));
        assertEquals(null, TrainingConfig.DEFAULTS.metric(), "unset, so its default can follow the number of classes");
        assertEquals(Metric.LOG_LOSS, TrainingConfig.parse(SampleData.csv("{\"metric\": \"Log_Loss\"}")).selectionMetric(2));
    }

    @Test
    void aConfigAsTheStagingAreaWritesItParsesBack() {
        var config = new TrainingConfig("outcome", "yes", null, "pr_auc", 3, 7L, 60);
        assertEquals(config, TrainingConfig.parse(Json.write(config)));
    }

    @Test
    void fingerprintChangesWithTheSettings() {
        String named = TrainingConfig.parse(SampleData.csv("{\"metric\": \"roc_auc\"}")).fingerprint();
        assertEquals(named, TrainingConfig.parse(SampleData.csv("{\"metric\": \"ROC_AUC\"}")).fingerprint());
        assertNotEquals(TrainingConfig.DEFAULTS.fingerprint(), named, "an unset metric follows the classes: other settings");
        assertNotEquals(TrainingConfig.DEFAULTS.fingerprint(), TrainingConfig.parse(SampleData.csv("{\"seed\": 7}")).fingerprint());
    }

    @Test
    void aTaskIsReadInAnyCaseAndAutoIsTheDefaultsOwnFingerprint() {
        assertEquals(null, TrainingConfig.parse(SampleData.csv("{\"task\": \"AUTO\"}")).task());
        assertEquals(TrainingConfig.DEFAULTS.fingerprint(), TrainingConfig.parse(SampleData.csv("{\"task\": \"auto\"}")).fingerprint(),
                "auto is the default: the same settings, the same jobs");
        var regression = TrainingConfig.parse(SampleData.csv("{\"task\": \"Regression\", \"metric\": \"mae\"}"));
        assertEquals(io.tabml.ingest.Task.REGRESSION, regression.target().task());
        assertEquals(RegressionMetric.MAE, regression.regressionMetric());
        assertNotEquals(TrainingConfig.DEFAULTS.fingerprint(), TrainingConfig.parse(SampleData.csv("{\"task\": \"regression\"}")).fingerprint());
        assertEquals(regression, TrainingConfig.parse(Json.write(regression)));
    }

    @Test
    void theDefaultLearnersAreEveryLearnerOfTheTaskAndANamedForestServesBoth() {
        assertEquals(java.util.List.of(RegressionAlgorithm.values()), TrainingConfig.DEFAULTS.regressionAlgorithms());
        assertEquals(RegressionMetric.RMSE, TrainingConfig.DEFAULTS.regressionMetric());
        var forest = TrainingConfig.parse(SampleData.csv("{\"algorithms\": [\"random-forest\", \"ridge\"]}"));
        assertEquals(java.util.List.of(Algorithm.RANDOM_FOREST), forest.algorithmList());
        assertEquals(java.util.List.of(RegressionAlgorithm.RANDOM_FOREST, RegressionAlgorithm.RIDGE), forest.regressionAlgorithms());
    }

    @Test
    void settingsOfTheOtherTaskAreRefusedNamingEachProblem() {
        var e = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv(
                "{\"task\": \"regression\", \"metric\": \"roc_auc\", \"algorithms\": [\"svm-rbf\"]}")));
        assertTrue(e.getMessage().contains("metric: 'roc_auc' is not a regression metric (known: mae, r2, rmse)"), e.getMessage());
        assertTrue(e.getMessage().contains("algorithms: none of [svm-rbf] is a regression learner"), e.getMessage());
        var unknown = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv("{\"task\": \"ranking\"}")));
        assertEquals("config.json: task: unknown 'ranking' (known: classification, regression, auto)", unknown.getMessage());
        var auto = TrainingConfig.parse(SampleData.csv("{\"metric\": \"rmse\"}"));
        var mismatch = assertThrows(DatasetRejectedException.class, () -> auto.checkFits(io.tabml.ingest.Task.CLASSIFICATION));
        assertEquals("config_does_not_fit_task", mismatch.code());
    }
}
