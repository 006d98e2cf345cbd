package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.storage.Json;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureImportanceTest {
    private static final java.time.Duration MINUTE = java.time.Duration.ofMinutes(1);
    private static ModelPipeline pipeline;
    private static List<Object[]> sortedRows;
    private static int[] sortedTruth;

    /** A logistic regression of the sample, and 6,000 new rows sorted by class, as a file sorted by class holds them. */
    @BeforeAll
    static void trainAndSortRowsByClass() {
        var config = new TrainingConfig(null, null, List.of(Algorithm.LOGISTIC_REGRESSION.id()), null, 3, null, null);
        Table train = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(1500, 11)));
        pipeline = new Trainer().train(train, config, (s, p) -> {}).pipeline();
        Table fresh = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(6000, 12)));
        RawData data = RawData.of(fresh, pipeline.schema());
        String[] target = fresh.column("target").texts();
        List<Object[]> no = new ArrayList<>(), yes = new ArrayList<>();
        for (int i = 0; i < target.length; i++) (target[i].equals("yes") ? yes : no).add(data.row(i));
        sortedRows = new ArrayList<>(no);
        sortedRows.addAll(yes);
        sortedTruth = new int[sortedRows.size()];
        int positive = pipeline.schema().classes().indexOf("yes");
        for (int i = no.size(); i < sortedTruth.length; i++) sortedTruth[i] = positive;
        for (int i = 0; i < no.size(); i++) sortedTruth[i] = 1 - positive;
        assertTrue(no.size() > FeatureImportance.MAX_ROWS, "the first 2,000 rows are all of one class: " + no.size());
    }

    @Test
    void aFileSortedByClassGivesFiniteImportancesFromAStratifiedSampleWithRepeats() {
        var importance = FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.ROC_AUC, 42, MINUTE).importances();
        assertEquals(pipeline.schema().features().size(), importance.size());
        for (var entry : importance) {
            assertTrue(Double.isFinite(entry.importance()) && Double.isFinite(entry.spread()), entry.toString());
            assertEquals(FeatureImportance.REPEATS, entry.repeats());
            assertTrue(entry.spread() >= 0, entry.toString());
        }
        assertEquals("prior_claims", importance.get(0).feature(), importance.toString());
        assertTrue(importance.get(0).importance() > 5 * importance.get(0).spread(), "the strongest input stands out of its spread: " + importance.get(0));
        assertEquals(importance, FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.ROC_AUC, 42, MINUTE).importances(), "reproducible, threads or not");
    }

    @Test
    void importanceIsTheDropInTheSelectionMetric() {
        for (Metric metric : Metric.values()) {
            var importance = FeatureImportance.of(pipeline, sortedRows, sortedTruth, metric, 7, MINUTE).importances();
            var top = importance.get(0);
            assertTrue(top.importance() > 0, metric + ": shuffling the strongest input makes the metric worse (a log loss larger): " + top);
        }
        // accuracy of the decided classes: a 10%-positive target at an F1 threshold; ROC AUC barely moves for an unused input
        var auc = FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.ROC_AUC, 7, MINUTE).importances();
        var logLoss = FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.LOG_LOSS, 7, MINUTE).importances();
        assertTrue(auc.get(0).importance() != logLoss.get(0).importance(), "different metrics, different units");
    }

    @Test
    void aShortAllowanceShrinksTheSampleAndSaysSo() {
        var full = FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.ROC_AUC, 42, MINUTE);
        assertTrue(Math.abs(full.rows() - FeatureImportance.MAX_ROWS) <= 2, "a stratified sample of about 2,000 rows: " + full.rows());
        assertNull(full.note());
        var cut = FeatureImportance.of(pipeline, sortedRows, sortedTruth, Metric.ROC_AUC, 42, java.time.Duration.ZERO);
        assertTrue(cut.rows() >= FeatureImportance.MIN_ROWS && cut.rows() < full.rows(), "rows " + cut.rows());
        assertTrue(cut.note().startsWith("feature importance was measured on a stratified sample of " + cut.rows()), cut.note());
        assertEquals(FeatureImportance.REPEATS, cut.importances().get(0).repeats());
    }

    @Test
    void anEntryStoredBeforeRepeatsReadsAndIsWrittenBackTheSame() throws Exception {
        String stored = "{\"feature\": \"age\", \"importance\": 0.031}";
        var entry = Json.read(stored.getBytes(StandardCharsets.UTF_8), FeatureImportance.Importance.class);
        assertNull(entry.spread());
        assertNull(entry.repeats());
        assertEquals(Json.MAPPER.readTree(stored), Json.MAPPER.readTree(Json.write(entry)));
        var now = new FeatureImportance.Importance("age", 0.03, 0.004, 5);
        assertEquals(Json.MAPPER.readTree("{\"feature\": \"age\", \"importance\": 0.03, \"spread\": 0.004, \"repeats\": 5}"),
                Json.MAPPER.readTree(Json.write(now)));
    }
}
