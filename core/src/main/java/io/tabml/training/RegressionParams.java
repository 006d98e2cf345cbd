package io.tabml.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a regression learner's grid ({@link RegressionAlgorithm#grid()}), a record per
 * learner that checks its values when made. Reports show it as {@link #toMap()}, the shape
 * classification's {@link Hyperparameters} have.
 */
sealed interface RegressionParams {
    RegressionAlgorithm algorithm();

    Map<String, Double> toMap();

    /**
     * Ridge regression on the encoded (standardised) columns with penalty {@code lambda} times the
     * rows, so that one value means the same shrinkage on 100 rows as on 100,000.
     */
    record RidgeParams(double lambda) implements RegressionParams {
        public RidgeParams {
            if (!(lambda > 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("invalid lambda: " + lambda);
        }

        @Override
        public RegressionAlgorithm algorithm() {
            return RegressionAlgorithm.RIDGE;
        }

        @Override
        public Map<String, Double> toMap() {
            return Map.of("lambda", lambda);
        }
    }

    /** A random forest of {@code ntrees} trees whose splits try a third of the encoded columns, with leaves of at least {@code nodeSize} rows. */
    record ForestParams(int ntrees, int nodeSize) implements RegressionParams {
        public ForestParams {
            if (ntrees < 1) throw new IllegalArgumentException("invalid number of trees: " + ntrees);
            if (nodeSize < 1) throw new IllegalArgumentException("invalid node size: " + nodeSize);
        }

        @Override
        public RegressionAlgorithm algorithm() {
            return RegressionAlgorithm.RANDOM_FOREST;
        }

        @Override
        public Map<String, Double> toMap() {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put("ntrees", (double) ntrees);
            map.put("nodeSize", (double) nodeSize);
            return map;
        }
    }

    /**
     * Least-squares gradient boosting of {@code ntrees} trees of at most {@code maxNodes} leaves, each
     * step shrunk by {@code shrinkage}. In the grid, {@code ntrees} is the most trees selection tries:
     * it keeps the count with the lowest cross-validated squared error, which the reported params then hold.
     */
    record BoostingParams(int ntrees, int maxNodes, double shrinkage) implements RegressionParams {
        public BoostingParams {
            if (ntrees < 1) throw new IllegalArgumentException("invalid number of trees: " + ntrees);
            if (maxNodes < 2) throw new IllegalArgumentException("invalid maximum number of leaves: " + maxNodes);
            if (!(shrinkage > 0 && shrinkage <= 1)) throw new IllegalArgumentException("invalid shrinkage: " + shrinkage);
        }

        @Override
        public RegressionAlgorithm algorithm() {
            return RegressionAlgorithm.GRADIENT_BOOSTING;
        }

        @Override
        public Map<String, Double> toMap() {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put("ntrees", (double) ntrees);
            map.put("maxNodes", (double) maxNodes);
            map.put("shrinkage", shrinkage);
            return map;
        }
    }
}
