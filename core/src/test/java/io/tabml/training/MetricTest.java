package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricTest {
    private static final int[] TRUTH = {1, 0, 1, 0, 0, 1};
    private static final double[][] PROBABILITIES = {{0.1, 0.9}, {0.2, 0.8}, {0.3, 0.7}, {0.6, 0.4}, {0.7, 0.3}, {0.8, 0.2}};

    @Test
    void idsAreTheNamesConfigsAndReportsUse() {
        assertEquals(List.of("accuracy", "f1", "log_loss", "pr_auc", "roc_auc"), Metric.ids());
        assertEquals(Metric.ROC_AUC, Metric.of("ROC_AUC"));
        var unknown = assertThrows(IllegalArgumentException.class, () -> Metric.of("auc"));
        assertTrue(unknown.getMessage().contains("unknown metric 'auc'"), unknown.getMessage());
    }

    @Test
    void isWrittenAndReadInJsonAsItsId() throws Exception {
        assertEquals("\"log_loss\"", Json.MAPPER.writeValueAsString(Metric.LOG_LOSS));
        assertEquals(Metric.PR_AUC, Json.MAPPER.readValue("\"pr_auc\"", Metric.class));
    }

    @Test
    void scoreIsHigherForABetterModelWhateverTheMetric() {
        for (Metric metric : Metric.values()) {
            double value = metric.value(TRUTH, PROBABILITIES, 1);
            assertEquals(metric.higherIsBetter() ? value : -value, metric.score(TRUTH, PROBABILITIES, 1), metric.id());
        }
        assertFalse(Metric.LOG_LOSS.higherIsBetter());
        assertTrue(Metric.LOG_LOSS.value(TRUTH, PROBABILITIES, 1) > 0);
    }
}
