package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baseline evidence in {@code metrics.json}: new documents carry it, documents written before it still read. */
class BaselineEvidenceJsonTest {
    /** Holdout metrics as the trainer wrote them before it computed baseline evidence. */
    private static final String STORED_WITHOUT_EVIDENCE = """
            {"holdoutRows": 4, "classes": ["a", "b"], "positiveClass": "b", "threshold": 0.5, "thresholdReason": "fixed",
             "accuracy": 0.75, "precision": 0.0, "recall": 0.0, "f1": 0.0, "rocAuc": 0.8333333333333334, "prAuc": 0.5,
             "logLoss": 0.44, "confusionMatrix": [[3, 0], [1, 0]], "predictedPerClass": [4, 0], "rocCurve": []}
            """;

    @Test
    void metricsWrittenBeforeTheEvidenceReadWithoutItAndAreWrittenBackWithoutIt() throws Exception {
        EvaluationMetrics metrics = Json.read(STORED_WITHOUT_EVIDENCE.getBytes(StandardCharsets.UTF_8), EvaluationMetrics.class);
        assertNull(metrics.baseline());
        JsonNode written = Json.MAPPER.readTree(Json.write(metrics));
        assertFalse(written.has("baseline"), "no \"baseline\": null is written: " + written);
        assertEquals(Json.MAPPER.readTree(STORED_WITHOUT_EVIDENCE), written);
    }

    @Test
    void theEvidenceIsWrittenAndReadBack() throws Exception {
        int[] truth = {0, 0, 0, 1, 1};
        double[][] probabilities = {{0.9, 0.1}, {0.7, 0.3}, {0.4, 0.6}, {0.2, 0.8}, {0.6, 0.4}};
        EvaluationMetrics metrics = EvaluationMetrics.of(truth, probabilities, new int[] {0, 0, 1, 1, 0}, List.of("a", "b"), "b", 0.5, "fixed");
        JsonNode written = Json.MAPPER.readTree(Json.write(metrics));
        assertTrue(written.at("/baseline/logLossGain/lowerBound").isNumber(), written.toString());
        assertEquals(3, written.at("/baseline/rocAuc/negatives").asInt(), written.toString());
        assertEquals(metrics.baseline(), Json.read(Json.write(metrics), EvaluationMetrics.class).baseline());
    }

    @Test
    void evidenceForMoreThanTwoClassesHasNoRocAucField() throws Exception {
        int[] truth = {0, 1, 2, 0, 1, 2};
        double[][] probabilities = {{0.6, 0.2, 0.2}, {0.2, 0.6, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}, {0.3, 0.4, 0.3}, {0.5, 0.2, 0.3}};
        EvaluationMetrics metrics = EvaluationMetrics.of(truth, probabilities, Metrics.argmax(probabilities), List.of("a", "b", "c"), "a",
                0.5, "fixed");
        JsonNode baseline = Json.MAPPER.readTree(Json.write(metrics)).get("baseline");
        assertTrue(baseline.has("logLossGain"), baseline.toString());
        assertFalse(baseline.has("rocAuc"), baseline.toString());
    }
}
