package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tabml.storage.Json;
import io.tabml.training.Hyperparameters.BoostingParams;
import io.tabml.training.Hyperparameters.ForestParams;
import io.tabml.training.Hyperparameters.LogisticParams;
import io.tabml.training.Hyperparameters.SvmParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {
    @Test
    void everyGridPointIsForItsAlgorithm() {
        for (Algorithm algorithm : Algorithm.values()) {
            for (Hyperparameters params : algorithm.grid()) assertEquals(algorithm, params.algorithm(), params.toString());
        }
    }

    /** The grid as reports have always shown it (name to number), so that stored reports and new ones read alike. */
    @Test
    void reportsShowTheGridByTheNamesAndNumbersTheyAlwaysHad() {
        assertEquals(List.of(Map.of("lambda", 0.01), Map.of("lambda", 1.0), Map.of("lambda", 10.0)), maps(Algorithm.LOGISTIC_REGRESSION));
        assertEquals(List.of(Map.of("ntrees", 200.0, "mtryFactor", 1.0, "nodeSize", 1.0), Map.of("ntrees", 200.0, "mtryFactor", 1.0, "nodeSize", 5.0)),
                maps(Algorithm.RANDOM_FOREST));
        assertEquals(List.of(Map.of("ntrees", 300.0, "maxNodes", 8.0, "shrinkage", 0.1), Map.of("ntrees", 300.0, "maxNodes", 32.0, "shrinkage", 0.1)),
                maps(Algorithm.GRADIENT_BOOSTING));
        assertEquals(List.of(Map.of("C", 1.0, "gammaFactor", 1.0), Map.of("C", 4.0, "gammaFactor", 0.5)), maps(Algorithm.SVM_RBF));
        assertEquals("{\"ntrees\":100.0,\"maxNodes\":8.0,\"shrinkage\":0.1}", new String(Json.compact(new BoostingParams(100, 8, 0.1).toMap())));
    }

    /** A temperature, fitted by selection for more than two classes, is reported after the values of the point it tempers. */
    @Test
    void aTemperedPointIsReportedAsItsPointPlusItsTemperature() {
        var tempered = new Hyperparameters.Tempered(new SvmParams(4.0, 0.5), 0.5);
        assertEquals(Algorithm.SVM_RBF, tempered.algorithm());
        assertEquals("{\"C\":4.0,\"gammaFactor\":0.5,\"temperature\":0.5}", new String(Json.compact(tempered.toMap())));
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameters.Tempered(new LogisticParams(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameters.Tempered(tempered, 1));
    }

    @Test
    void refusesValuesNoLearnerCanUse() {
        assertThrows(IllegalArgumentException.class, () -> new LogisticParams(-1));
        assertThrows(IllegalArgumentException.class, () -> new LogisticParams(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ForestParams(0, 1.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ForestParams(100, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ForestParams(100, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BoostingParams(100, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BoostingParams(100, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new BoostingParams(100, 8, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new SvmParams(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SvmParams(1.0, Double.POSITIVE_INFINITY));
    }

    private static List<Map<String, Double>> maps(Algorithm algorithm) {
        return algorithm.grid().stream().map(Hyperparameters::toMap).toList();
    }
}
