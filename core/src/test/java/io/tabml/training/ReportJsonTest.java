package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import io.tabml.training.Hyperparameters.SvmParams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@code metrics.json} (and so of a version's metadata) whose Java types are typed now
 * were plain strings, maps and Curves records before: documents stored then still read, and are
 * written back in the same shape, which is also what the web app reads.
 */
class ReportJsonTest {
    /** The selection of a metrics.json as the trainer wrote it before metrics and hyperparameters were typed. */
    private static final String STORED_SELECTION = """
            {"metric": "log_loss", "cvFolds": 3, "rows": 800, "algorithm": "random-forest",
             "params": {"nodeSize": 10.0, "ntrees": 100.0, "mtryFactor": 1.0}, "imbalance": "class-weights",
             "candidates": [
               {"algorithm": "logistic-regression", "params": {"lambda": 0.01}, "imbalance": "none", "score": -0.2770662035087752, "seconds": 0.4},
               {"algorithm": "random-forest", "params": {"mtryFactor": 1.0, "nodeSize": 10.0, "ntrees": 100.0}, "imbalance": "class-weights",
                "score": -0.25, "seconds": 2.1}],
             "notes": ["svm-rbf was cross-validated on samples of at most 2000 rows per fold (its cost grows with the square of the rows)"]}
            """;
    private static final String STORED_METRICS = """
            {"holdoutRows": 8, "classes": ["a", "b"], "positiveClass": "b", "threshold": 0.5, "thresholdReason": "fixed",
             "accuracy": 0.625, "precision": 0.6666666666666666, "recall": 0.5, "f1": 0.5714285714285715, "rocAuc": 0.53125,
             "prAuc": 0.5416666666666666, "logLoss": 4.918337430320657, "confusionMatrix": [[3, 1], [2, 2]], "predictedPerClass": [5, 3],
             "rocCurve": [{"fpr": 0.0, "tpr": 0.0, "threshold": 1.0}, {"fpr": 0.25, "tpr": 0.5, "threshold": 0.7}, {"fpr": 1.0, "tpr": 1.0, "threshold": 0.0}]}
            """;

    @Test
    void aStoredSelectionReadsAndIsWrittenBackTheSame() throws Exception {
        Trainer.SelectionSummary selection = Json.read(STORED_SELECTION.getBytes(StandardCharsets.UTF_8), Trainer.SelectionSummary.class);
        assertEquals(Metric.LOG_LOSS, selection.metric());
        assertEquals(Map.of("ntrees", 100.0, "mtryFactor", 1.0, "nodeSize", 10.0), selection.params());
        assertEquals(Json.MAPPER.readTree(STORED_SELECTION), Json.MAPPER.readTree(Json.write(selection)));
    }

    @Test
    void storedEvaluationMetricsReadAndAreWrittenBackTheSame() throws Exception {
        EvaluationMetrics metrics = Json.read(STORED_METRICS.getBytes(StandardCharsets.UTF_8), EvaluationMetrics.class);
        assertEquals(new EvaluationMetrics.RocPoint(0.25, 0.5, 0.7), metrics.rocCurve().get(1));
        assertEquals(Json.MAPPER.readTree(STORED_METRICS), Json.MAPPER.readTree(Json.write(metrics)));
    }

    @Test
    void aNewSelectionNamesItsMetricAndHyperparametersAsStoredOnesDo() throws Exception {
        var selection = new Trainer.SelectionSummary(Metric.ROC_AUC, 5, 100, "svm-rbf", new SvmParams(1.0, 1.0).toMap(), "none",
                List.of(new ModelSelection.CandidateScore("svm-rbf", new SvmParams(4.0, 0.5).toMap(), "none", 0.8, 1.5, 5)), List.of());
        JsonNode json = Json.MAPPER.readTree(Json.write(selection));
        assertEquals(Json.MAPPER.readTree("\"roc_auc\""), json.get("metric"));
        assertEquals(Json.MAPPER.readTree("{\"C\": 1.0, \"gammaFactor\": 1.0}"), json.get("params"));
        assertEquals(Json.MAPPER.readTree("{\"C\": 4.0, \"gammaFactor\": 0.5}"), json.get("candidates").get(0).get("params"));
    }
}
