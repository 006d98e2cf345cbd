package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Table;
import io.tabml.ingest.Task;
import io.tabml.sample.SampleDataGenerator;
import io.tabml.storage.Sha256;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegressionTrainerTest {
    private static Table costs(int rows) {
        return Table.read(new ByteArrayInputStream(SampleData.repairCost(rows, 5)));
    }

    private static double sd(double[] values) {
        return Math.sqrt(smile.math.MathEx.var(values));
    }

    private static double[] target(Table table) {
        return java.util.Arrays.stream(table.column("target").texts()).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void aNumericTargetTrainsARegressorFarBetterThanTheMeanAndNearTheNoise() {
        Table table = costs(2000);
        var config = new TrainingConfig(null, null, null, null, 3, null, 120);
        TrainingOutput output = new Trainer().run(table, null, config, (s, p) -> {});
        RegressionResult result = (RegressionResult) output;
        TrainingReport report = result.report();
        assertEquals(Task.REGRESSION, report.kind());
        assertNull(report.metrics(), "a regressor has no classification metrics");
        assertTrue(report.task().reason().startsWith("auto: every value of 'target' is a number"), report.task().reason());

        RegressionMetrics metrics = report.regression().metrics();
        double sd = sd(target(table));
        assertEquals(400, metrics.rows());
        assertEquals(RegressionMetric.RMSE, metrics.metric());
        // the noise alone has an sd of 120 against the target's ~370: a good model lands near the noise, far under the sd
        assertTrue(metrics.rmse() < 0.5 * sd, "RMSE " + metrics.rmse() + " against the target's sd " + sd);
        assertTrue(metrics.rmse() > 0.8 * SampleDataGenerator.REGRESSION_NOISE, "no model beats the noise: RMSE " + metrics.rmse());
        assertTrue(metrics.r2() > 0.7, "R2 " + metrics.r2());
        assertTrue(metrics.mae() < metrics.rmse());
        assertNotNull(metrics.mape(), "no true cost is zero, so MAPE is defined");
        assertTrue(metrics.baselineRmse() > 0.9 * sd, "the mean predicts no better than the sd: " + metrics.baselineRmse());
        assertTrue(metrics.baseline().lowerBound() > 0, "the gain over the mean is shown");
        assertTrue(metrics.interval().low() < 0 && metrics.interval().high() > 0);
        assertTrue(metrics.interval().coverage() > 0.8 && metrics.interval().coverage() <= 1.0,
                "a 5%-95% residual interval covers about 90%: " + metrics.interval().coverage());
        assertEquals(400, metrics.sample().size());

        var selection = report.regression().selection();
        assertTrue(selection.candidates().stream().map(RegressionSelection.CandidateScore::algorithm).distinct().count() == 3,
                "ridge, forest and boosting were each tried: " + selection.candidates());
        double best = selection.candidates().stream().mapToDouble(RegressionSelection.CandidateScore::score).max().orElseThrow();
        assertTrue(selection.candidates().stream().anyMatch(c -> c.score() == best && c.algorithm().equals(selection.algorithm())));
        List<String> drivers = report.featureImportance().stream().limit(3).map(FeatureImportance.Importance::feature).toList();
        assertTrue(drivers.contains("vehicle_age_years") && drivers.contains("age"), "the strongest drivers lead: " + drivers);
        double creditScore = report.featureImportance().stream().filter(i -> i.feature().equals("credit_score")).findFirst().orElseThrow()
                .importance();
        assertTrue(creditScore < 0.05 * report.featureImportance().get(0).importance(), "credit score has no effect on the cost: " + creditScore);

        // the served pipeline is the one the metrics describe, and survives model.bin
        byte[] bytes = ModelArtifact.serialize(result.pipeline());
        RegressionPipeline loaded = (RegressionPipeline) ModelArtifact.deserialize(bytes, Sha256.of(bytes));
        Object[] row = {30.0, "north", "van", 10.0, 14000.0, 700.0, "no"};
        double expected = 900 + 350 + 400 * Math.sin(30 / 9.0) + 500 + 120;
        double value = loaded.predict(row);
        assertEquals(result.pipeline().predict(row), value, 1e-9);
        assertEquals(expected, value, 3 * SampleDataGenerator.REGRESSION_NOISE, "the known cost of the row");
        double[] interval = loaded.interval(value);
        assertTrue(interval[0] < value && value < interval[1]);
        var contributions = loaded.contributions(row, 3);
        assertEquals("vehicle_type", contributions.get(0).feature(), "a van adds 500 over the most frequent sedan: " + contributions);
        assertTrue(contributions.get(0).contribution() > 250, "in euros: " + contributions.get(0));
        assertEquals(result.evaluatedRows().rowCount(), 400);
        assertNotNull(result.evaluatedRows().predictions());
    }

    @Test
    void aSmallSetIsEvaluatedByRepeatedCrossValidationOnEveryRowAndServedFromAllOfThem() {
        Table table = costs(90); // a holdout would hold 18 rows
        var config = new TrainingConfig(null, null, List.of("ridge"), null, 3, null, 60);
        RegressionResult result = (RegressionResult) new Trainer().run(table, null, config, (s, p) -> {});
        TrainingReport report = result.report();
        var evaluation = report.evaluation();
        assertEquals(TrainingReport.Evaluation.REPEATED_CV, evaluation.method());
        assertEquals(90, evaluation.rows());
        assertEquals(3, evaluation.folds());
        assertEquals(RegressionCrossValidation.MAX_REPEATS, evaluation.repeats(), "ridge on 90 rows repeats well within a minute");
        assertEquals(evaluation.repeats(), evaluation.repeatScores().size());
        assertTrue(evaluation.reason().startsWith("a 20% holdout would hold 18 rows (fewer than 30)"), evaluation.reason());
        assertEquals(90, report.trainRows(), "the served model is fitted on every row");
        RegressionMetrics metrics = report.regression().metrics();
        assertEquals(90, metrics.rows(), "every row is scored once, by the mean of its out-of-fold predictions");
        // out-of-fold errors: not the near-zero a model shows on its own training rows
        double inSample = RegressionMetric.RMSE.value(target(table), predictAll(result, table));
        assertTrue(metrics.rmse() > inSample, "cross-validated RMSE " + metrics.rmse() + " against in-sample " + inSample);
        double meanOfRepeats = evaluation.repeatScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(meanOfRepeats, metrics.rmse(), 0.2 * meanOfRepeats, "the repeats' own RMSEs are near the averaged predictions'");
        assertTrue(report.regression().selection().notes().stream().anyMatch(n -> n.startsWith("permutation importance was measured")),
                report.regression().selection().notes().toString());
    }

    private static double[] predictAll(RegressionResult result, Table table) {
        RawData data = RawData.of(table, result.pipeline().schema());
        double[] predicted = new double[table.rowCount()];
        for (int i = 0; i < predicted.length; i++) predicted[i] = result.pipeline().predict(data.row(i));
        return predicted;
    }

    @Test
    void aSkewedPositiveTargetGetsTheLogTriedAndTheBetterOneKept() {
        StringBuilder csv = new StringBuilder("x,z,target\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 600; i++) {
            double x = random.nextDouble() * 3, z = random.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f%n", x, z, Math.exp(1 + 1.2 * x + 0.3 * z + 0.2 * random.nextGaussian())));
        }
        Table table = Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString())));
        var config = new TrainingConfig(null, null, List.of("ridge"), null, 3, null, 60);
        var report = new Trainer().run(table, null, config, (s, p) -> {}).report();
        var candidates = report.regression().selection().candidates();
        assertTrue(candidates.stream().anyMatch(c -> c.transform().equals("log1p")) && candidates.stream().anyMatch(c -> c.transform().equals("none")),
                candidates.toString());
        assertEquals("log1p", report.regression().selection().transform(), "a log-linear target fits best on its log: " + candidates);
    }

    @Test
    void aConfigOfTheOtherTaskIsRefusedNamingTheProblem() {
        var config = new TrainingConfig(null, null, List.of("logistic-regression"), "roc_auc", 3, null, 60);
        var e = assertThrows(DatasetRejectedException.class, () -> new Trainer().run(costs(200), null, config, (s, p) -> {}));
        assertEquals("config_does_not_fit_task", e.code());
        assertTrue(e.getMessage().contains("metric: 'roc_auc' is not a regression metric") && e.getMessage().contains("algorithms"),
                e.getMessage());
    }

    @Test
    void importanceShrinksItsSampleToTheTimeAllowanceAndSaysSo() {
        Table table = costs(3000);
        var result = (RegressionResult) new Trainer().run(table, null, new TrainingConfig(null, null, List.of("ridge"), null, 2, null, 30),
                (s, p) -> {});
        var data = RawData.of(table, result.pipeline().schema());
        int[] rows = java.util.stream.IntStream.range(0, 2000).toArray();
        double[] truth = java.util.Arrays.copyOf(target(table), 2000);
        var full = RegressionImportance.of(result.pipeline(), Trainer.rawRows(data, rows), truth, RegressionMetric.RMSE, 1,
                java.time.Duration.ofSeconds(60));
        assertNull(full.note(), "a linear model scores 2,000 rows in far less than a minute");
        var cut = RegressionImportance.of(result.pipeline(), Trainer.rawRows(data, rows), truth, RegressionMetric.RMSE, 1,
                java.time.Duration.ZERO);
        assertTrue(cut.note().startsWith("feature importance was measured on a random sample of 500 of 2000 evaluated rows"), cut.note());
        assertEquals(full.importances().get(0).feature(), cut.importances().get(0).feature(), "the strongest input leads either way");
    }

    @ParameterizedTest
    @EnumSource(RegressionAlgorithm.class)
    void everyRegressorSurvivesModelBinAndItsAllowList(RegressionAlgorithm algorithm) {
        Table table = costs(300);
        var result = (RegressionResult) new Trainer().run(table, null,
                new TrainingConfig(null, null, List.of(algorithm.id()), null, 2, null, 30), (s, p) -> {});
        assertEquals(algorithm.id(), result.report().algorithm());
        byte[] bytes = ModelArtifact.serialize(result.pipeline());
        var loaded = (RegressionPipeline) ModelArtifact.deserialize(bytes, Sha256.of(bytes));
        RawData data = RawData.of(table, loaded.schema());
        for (int i = 0; i < 20; i++) assertEquals(result.pipeline().predict(data.row(i)), loaded.predict(data.row(i)), 0.0, "row " + i);
    }
}
