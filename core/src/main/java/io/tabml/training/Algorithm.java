package io.tabml.training;

import io.tabml.training.Hyperparameters.BoostingParams;
import io.tabml.training.Hyperparameters.ForestParams;
import io.tabml.training.Hyperparameters.LogisticParams;
import io.tabml.training.Hyperparameters.SvmParams;
import java.util.List;
import java.util.Locale;

/**
 * The learners the engine chooses among, each with the small hyperparameter grid that
 * cross-validation searches. Names are what configs and metadata use.
 */
public enum Algorithm {
    LOGISTIC_REGRESSION("logistic-regression", List.of(new LogisticParams(0.01), new LogisticParams(1.0), new LogisticParams(10.0))),
    RANDOM_FOREST("random-forest", List.of(new ForestParams(200, 1.0, 1), new ForestParams(200, 1.0, 5))),
    GRADIENT_BOOSTING("gradient-boosting", List.of(new BoostingParams(300, 8, 0.1), new BoostingParams(300, 32, 0.1))),
    SVM_RBF("svm-rbf", List.of(new SvmParams(1.0, 1.0), new SvmParams(4.0, 0.5)));

    private final String id;
    private final List<Hyperparameters> grid;

    Algorithm(String id, List<Hyperparameters> grid) {
        this.id = id;
        this.grid = grid;
    }

    public String id() {
        return id;
    }

    List<Hyperparameters> grid() {
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
