package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A version's live traffic read against its training rows and holdout, on the project's sample data. */
class LiveWindowTest {
    static TrainingResult trained;

    @BeforeAll
    static void train() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(1500, 4)));
        var config = new TrainingConfig(null, null, List.of(Algorithm.LOGISTIC_REGRESSION.id()), null, 3, null, null);
        trained = new Trainer().train(table, config, (stage, percent) -> {});
    }

    private static LiveWindow window() {
        return new LiveWindow(trained.report().driftReference(), trained.report().metrics());
    }

    /** Feeds every row of fresh sample data as serving would read it, changed by {@code change}, labelled when {@code labelled}. */
    private static void feed(LiveWindow window, long seed, UnaryOperator<Map<String, Object>> change, boolean labelled) {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(2000, seed)));
        ModelPipeline pipeline = trained.pipeline();
        var schema = pipeline.schema();
        RawData data = RawData.of(table, schema);
        String[] target = table.column(schema.target()).texts();
        for (int i = 0; i < table.rowCount(); i++) {
            Object[] raw = data.row(i);
            Map<String, Object> input = schema.named(raw);
            input = change.apply(input);
            Object[] changed = schema.features().stream().map(f -> f.name()).map(input::get).toArray();
            double[] p = pipeline.probabilities(changed);
            Map<String, Double> probabilities = new HashMap<>();
            for (int c = 0; c < p.length; c++) probabilities.put(schema.classes().get(c), p[c]);
            window.add(input, probabilities, schema.classes().get(pipeline.decide(p)), labelled ? target[i] : null);
        }
    }

    @Test
    void trafficLikeTheTrainingRowsShowsNoDriftAndScoresLikeTheHoldout() {
        LiveWindow window = window();
        feed(window, 40, UnaryOperator.identity(), true);
        var summary = window.summary();
        assertEquals(2000, summary.predictions());
        assertTrue(summary.features().stream().allMatch(f -> f.reading() == DatasetDrift.Reading.none), summary.features().toString());
        assertEquals(DatasetDrift.Reading.none, summary.probabilities().get(0).reading(), summary.probabilities().toString());
        var live = summary.live();
        assertEquals(2000, live.labelled());
        assertEquals(live.holdout().rocAuc(), live.metrics().rocAuc(), 0.08, "live ROC AUC near the holdout's");
        assertEquals(live.holdout().accuracy(), live.accuracy(), 0.05);
        assertTrue(live.metrics().calibrationError() < 0.1, "calibration error " + live.metrics().calibrationError());
    }

    @Test
    void aShiftedFeatureIsNamedAndMovesThePredictions() {
        LiveWindow window = window();
        feed(window, 41, input -> {
            if (input.get("annual_mileage_km") instanceof Double km) input.put("annual_mileage_km", km * 3);
            return input;
        }, false);
        var summary = window.summary();
        assertEquals("annual_mileage_km", summary.features().get(0).feature(), "the largest shift first");
        assertEquals(DatasetDrift.Reading.major, summary.features().get(0).reading());
        assertTrue(summary.features().stream().skip(1).allMatch(f -> f.reading() == DatasetDrift.Reading.none), summary.features().toString());
        assertNull(summary.live(), "no labels, no live metrics");
    }

    @Test
    void missingAndUnknownCategoriesAreCountedAsSharesOfTheWindow() {
        LiveWindow window = window();
        feed(window, 42, input -> {
            input.put("region", "atlantis"); // a region the model never saw
            input.put("credit_score", null);
            return input;
        }, false);
        var byName = new HashMap<String, LiveWindow.FeatureWindow>();
        window.summary().features().forEach(f -> byName.put(f.feature(), f));
        assertEquals(1.0, byName.get("region").unseenShare());
        assertEquals(0.0, byName.get("region").missingShare());
        assertEquals(1.0, byName.get("credit_score").missingShare());
        assertNull(byName.get("credit_score").unseenShare(), "a number has no unseen share");
        assertEquals(DatasetDrift.Reading.major, byName.get("region").reading());
    }

    @Test
    void aWindowWithoutTrafficHasNothingToRead() {
        var summary = window().summary();
        assertEquals(0, summary.predictions());
        assertNull(summary.features());
        assertNull(summary.live());
    }

    @Test
    void labelsOfOneClassGiveAccuracyButNoMetricsThatNeedBoth() {
        LiveWindow window = window();
        var schema = trained.pipeline().schema();
        String negative = schema.classes().stream().filter(c -> !c.equals(schema.positiveClass())).findFirst().orElseThrow();
        Map<String, Object> input = new HashMap<>();
        window.add(input, Map.of(negative, 0.9, schema.positiveClass(), 0.1), negative, negative);
        window.add(input, Map.of(negative, 0.2, schema.positiveClass(), 0.8), schema.positiveClass(), negative);
        var live = window.summary().live();
        assertEquals(2, live.labelled());
        assertEquals(0.5, live.accuracy());
        assertNull(live.metrics());
    }

    @Test
    void aRegressorsLabelledRowsGiveItsLiveErrorsTheirBoundsAndTheIntervalsCoverage() {
        double[] holdoutPredictions = new double[200], holdoutTruth = new double[200];
        for (int i = 0; i < 200; i++) {
            holdoutPredictions[i] = i;
            holdoutTruth[i] = i + (i % 2 == 0 ? 5 : -5);
        }
        var holdout = RegressionMetrics.of(holdoutTruth, holdoutPredictions, 100, RegressionMetric.RMSE, -15, 15, 1);
        var reference = new DriftReference(200, List.of(), 200, List.of(), DriftReference.numeric(DriftReference.PREDICTED_VALUE, holdoutPredictions));
        LiveWindow window = new LiveWindow(reference, holdout);
        double sse = 0, mean = 0;
        for (int i = 0; i < 100; i++) {
            double actual = 300 + i + (i % 2 == 0 ? 10 : -20); // off by 10 or 20: RMSE sqrt(250), MAE 15; -20 falls outside [-15, 15]
            window.add(Map.of(), null, Double.toString(300 + i), Double.toString(actual));
            mean += actual / 100;
        }
        window.add(Map.of(), null, "500", null); // unlabelled: counted for drift, not scored
        for (int i = 0; i < 100; i++) sse += Math.pow(300 + i + (i % 2 == 0 ? 10 : -20) - mean, 2);
        var summary = window.summary();
        assertEquals(101, summary.predictions());
        assertNull(summary.live(), "a classifier's part");
        var live = summary.liveRegression();
        assertEquals(100, live.labelled());
        assertEquals(Math.sqrt(250), live.rmse(), 1e-9);
        assertEquals(15, live.mae(), 1e-9);
        // squared errors 100 and 400 alternating: sd 150.75, so MSE's bound 250 - 1.645 * 15.08
        assertEquals(Math.sqrt(250 - 1.6449 * Math.sqrt(22727.27 / 100)), live.rmseLowerBound(), 0.01);
        assertEquals(15 - 1.6449 * Math.sqrt(25.2525 / 100), live.maeLowerBound(), 0.01);
        assertEquals(1 - 100 * 250 / sse, live.r2(), 1e-9);
        assertEquals(0.5, live.intervalCoverage(), 1e-9);
        assertEquals(holdout.rmse(), live.holdout().rmse(), 1e-12);
        assertEquals(1.0, live.holdout().intervalCoverage(), 1e-12, "every holdout row within 5 of its prediction");
        // predictions above every one on the holdout: the predicted value moved
        assertEquals(DatasetDrift.Reading.major, summary.prediction().reading(), summary.prediction().toString());
    }
}
