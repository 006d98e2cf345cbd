package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.testing.SampleData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a window's summary becomes ok, drifting or degraded under a model's monitoring settings. */
class WindowStatusTest {
    private static final MonitoringSettings DEFAULTS = MonitoringSettings.DEFAULTS;
    private static final LiveWindow.Holdout HOLDOUT = new LiveWindow.Holdout(0.90, 0.80, 0.5, 0.3, 0.02);

    private static LiveWindow.FeatureWindow feature(String name, double psi) {
        return new LiveWindow.FeatureWindow(name, 0, null, DatasetDrift.Reading.of(psi), psi, 0.5);
    }

    private static LiveWindow.Summary window(long predictions, double agePsi, LiveWindow.Live live) {
        return new LiveWindow.Summary(predictions, List.of(feature("age", agePsi), feature("region", 0.01)),
                List.of(new DatasetDrift.FeatureShift("probability of yes", DatasetDrift.Reading.none, 0.02, 0.4, null)), live, null, null);
    }

    private static final LiveWindow.RegressionHoldout ERRORS = new LiveWindow.RegressionHoldout(100, 80, 0.8, 0.9);

    private static LiveWindow.Summary regressorWindow(double predictionPsi, LiveWindow.LiveRegression live) {
        return new LiveWindow.Summary(500, List.of(feature("age", 0.01)), null, null,
                new DatasetDrift.FeatureShift("predicted value", DatasetDrift.Reading.of(predictionPsi), predictionPsi, 0.01, null), live);
    }

    @Test
    void aFeaturePastTheDriftThresholdMakesTheWindowDriftingAndIsNamed() {
        WindowStatus status = WindowStatus.of(window(500, 0.31, null), DEFAULTS);
        assertEquals(WindowStatus.Status.drifting, status.status());
        assertEquals("feature age drifted: population stability index 0.310 (threshold 0.25)", status.reasons().get(0));
        assertTrue(status.reasons().get(1).startsWith("0 labelled predictions, fewer than the 50"), status.reasons().toString());
        assertEquals(WindowStatus.Status.ok, WindowStatus.of(window(500, 0.24, null), DEFAULTS).status());
    }

    @Test
    void tooFewPredictionsAreNotJudgedForDrift() {
        WindowStatus status = WindowStatus.of(window(99, 0.9, null), DEFAULTS);
        assertEquals(WindowStatus.Status.ok, status.status());
        assertEquals("99 predictions, fewer than the 100 drift is judged on", status.reasons().get(0));
    }

    @Test
    void labelledPredictionsScoringBelowTheHoldoutBeyondTheToleranceMakeItDegradedBeforeDrifting() {
        // 0.80 over 400 rows: upper bound 0.80 + 1.645 * 0.02 = 0.8329, below 0.90 - 0.05
        var worse = new LiveWindow.Live(400, 0.80, null, HOLDOUT);
        WindowStatus status = WindowStatus.of(window(500, 0.31, worse), DEFAULTS);
        assertEquals(WindowStatus.Status.degraded, status.status());
        assertEquals("live accuracy 0.8000 (95% upper bound 0.8329 over 400 labelled rows) against the holdout's 0.9000 (tolerance 0.05)",
                status.reasons().get(0));
        assertTrue(status.reasons().get(1).startsWith("feature age drifted"), status.reasons().toString());
        // the same accuracy over 60 rows may be a bad draw: its upper bound (0.885) is within the tolerance
        assertEquals(WindowStatus.Status.drifting, WindowStatus.of(window(500, 0.31, new LiveWindow.Live(60, 0.80, null, HOLDOUT)), DEFAULTS).status());
        var withinTolerance = new LiveWindow.Live(200, 0.86, null, HOLDOUT);
        assertEquals(WindowStatus.Status.ok, WindowStatus.of(window(500, 0.01, withinTolerance), DEFAULTS).status());
        var fewLabels = new LiveWindow.Live(49, 0.5, null, HOLDOUT);
        assertEquals(WindowStatus.Status.ok, WindowStatus.of(window(500, 0.01, fewLabels), DEFAULTS).status());
    }

    @Test
    void aRegressorsErrorsAreDegradedOnlyWhenTheirLowerBoundPassesTheHoldoutsByTheToleratedShare() {
        // RMSE 130 with lower bound 116 over 200 rows: above 100 * 1.10
        var worse = new LiveWindow.LiveRegression(200, 130, 116, 90, 84, 0.7, 0.8, ERRORS);
        WindowStatus status = WindowStatus.of(regressorWindow(0.02, worse), DEFAULTS);
        assertEquals(WindowStatus.Status.degraded, status.status());
        assertEquals(List.of("live RMSE 130.0 (95% lower bound 116.0 over 200 labelled rows) against the holdout's 100.0 (tolerance +10%)"),
                status.reasons());
        // the same RMSE from fewer rows, its lower bound 105: it may be a bad draw
        var unsure = new LiveWindow.LiveRegression(60, 130, 105, 90, 70, 0.7, 0.8, ERRORS);
        assertEquals(WindowStatus.Status.ok, WindowStatus.of(regressorWindow(0.02, unsure), DEFAULTS).status());
        var maeWorse = new LiveWindow.LiveRegression(200, 105, 95, 120, 110, 0.7, 0.8, ERRORS);
        assertTrue(WindowStatus.of(regressorWindow(0.02, maeWorse), DEFAULTS).reasons().get(0).startsWith("live MAE 120.0"));
        var stricter = new MonitoringSettings(null, null, null, 0.01, null, null, null, null);
        assertEquals(WindowStatus.Status.degraded, WindowStatus.of(regressorWindow(0.02, unsure), stricter).status(), "a tolerance of 1%");
    }

    @Test
    void aRegressorsPredictedValuePastTheDriftThresholdMakesItDrifting() {
        WindowStatus status = WindowStatus.of(regressorWindow(0.4, null), DEFAULTS);
        assertEquals(WindowStatus.Status.drifting, status.status());
        assertEquals("the predicted value drifted: population stability index 0.400 (threshold 0.25)", status.reasons().get(0));
        assertTrue(status.reasons().get(1).startsWith("0 labelled predictions, fewer than the 50"), status.reasons().toString());
    }

    @Test
    void theModelsConfigSetsItsOwnThresholdsAndRefusesWrongOnes() {
        var config = TrainingConfig.parse(SampleData.csv("{\"monitoring\": {\"driftPsi\": 0.1, \"minPredictions\": 20}}"));
        assertEquals(0.1, config.monitoring().driftPsi());
        assertEquals(50, config.monitoring().minLabelled(), "unset keys keep their defaults");
        assertEquals(WindowStatus.Status.drifting, WindowStatus.of(window(50, 0.12, null), config.monitoring()).status());
        assertEquals(TrainingConfig.DEFAULTS.fingerprint(), config.fingerprint(), "monitoring settings leave job ids alone");
        var refused = assertThrows(DatasetRejectedException.class,
                () -> TrainingConfig.parse(SampleData.csv("{\"monitoring\": {\"driftPsi\": 0, \"maxMetricDrop\": 2}}")));
        assertEquals("config.json: monitoring.driftPsi: must be above 0, got 0.0; monitoring.maxMetricDrop: must be between 0 and 1, got 2.0",
                refused.getMessage());
        assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv("{\"monitoring\": {\"psi\": 0.2}}")),
                "an unknown key");
    }
}
