package io.tabml.training;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learners the engine chooses among, each with the small hyperparameter grid that
 * cross-validation searches. Names are what configs and metadata use.
 */
public enum Algorithm {
    LOGISTIC_REGRESSION("logistic-regression", List.of(Map.of("lambda", 0.01), Map.of("lambda", 1.0), Map.of("lambda", 10.0))),
    RANDOM_FOREST("random-forest", List.of(Map.of("ntrees", 100.0, "mtryFactor", 1.0, "nodeSize", 10.0),
            Map.of("ntrees", 100.0, "mtryFactor", 2.0, "nodeSize", 25.0))),
    GRADIENT_BOOSTING("gradient-boosting", List.of(Map.of("ntrees", 100.0, "maxNodes", 8.0, "shrinkage", 0.1),
            Map.of("ntrees", 200.0, "maxNodes", 6.0, "shrinkage", 0.05))),
    SVM_RBF("svm-rbf", List.of(Map.of("C", 1.0, "gammaFactor", 1.0), Map.of("C", 4.0, "gammaFactor", 0.5)));

    private final String id;
    private final List<Map<String, Double>> grid;

    Algorithm(String id, List<Map<String, Double>> grid) {
        this.id = id;
        this.grid = grid;
    }

    public String id() {
        return id;
    }

    public List<Map<String, Double>> grid() {
        return grid;
    }

    public static Algorithm of(String id) {
        for (Algorithm a : values()) {
            if (a.id.equals(id.toLowerCase(Locale.ROOT))) return a;
        }
        throw new IllegalArgumentException("unknown algorithm '" + id + "' (known: " + ids() + ")");
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(Algorithm::id).toList();
    }
}
