package io.tabml.training;

import io.tabml.training.RegressionParams.BoostingParams;
import io.tabml.training.RegressionParams.ForestParams;
import io.tabml.training.RegressionParams.RidgeParams;
import java.util.List;
import java.util.Locale;

/**
 * The learners regression chooses among, each with the small grid cross-validation searches, cheap
 * ones first. Names are what configs and metadata use; the tree ensembles share their classification
 * namesakes' ids, so {@code "algorithms": ["random-forest"]} means a forest for either task.
 */
public enum RegressionAlgorithm {
    /** Least squares with an L2 penalty; its smallest penalty is ordinary least squares made stable against collinear one-hot columns. */
    RIDGE("ridge", List.of(new RidgeParams(1e-4), new RidgeParams(1e-2), new RidgeParams(1.0))),
    RANDOM_FOREST("random-forest", List.of(new ForestParams(200, 5), new ForestParams(200, 1))),
    GRADIENT_BOOSTING("gradient-boosting", List.of(new BoostingParams(300, 8, 0.1), new BoostingParams(300, 32, 0.1)));

    private final String id;
    private final List<RegressionParams> grid;

    RegressionAlgorithm(String id, List<RegressionParams> grid) {
        this.id = id;
        this.grid = grid;
    }

    public String id() {
        return id;
    }

    List<RegressionParams> grid() {
        return grid;
    }

    public static RegressionAlgorithm of(String id) {
        for (RegressionAlgorithm a : values()) {
            if (a.id.equals(id.toLowerCase(Locale.ROOT))) return a;
        }
        throw new IllegalArgumentException("unknown regression algorithm '" + id + "' (known: " + ids() + ")");
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(RegressionAlgorithm::id).toList();
    }
}
