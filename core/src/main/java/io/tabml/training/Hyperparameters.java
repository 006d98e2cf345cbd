package io.tabml.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of an algorithm's hyperparameter grid ({@link Algorithm#grid()}), a record per
 * algorithm that checks its values when made, as Smile's {@code Options} records do. Reports
 * ({@code metrics.json}) show it as {@link #toMap()}: a name-to-number object, the shape stored
 * reports have always had.
 */
sealed interface Hyperparameters {
    Algorithm algorithm();

    /** The values by the names reports use, in declaration order; counts as doubles, as reports have always held them. */
    Map<String, Double> toMap();

    /** An L2-penalised logistic regression. */
    record LogisticParams(double lambda) implements Hyperparameters {
        public LogisticParams {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("invalid lambda: " + lambda);
        }

        @Override
        public Algorithm algorithm() {
            return Algorithm.LOGISTIC_REGRESSION;
        }

        @Override
        public Map<String, Double> toMap() {
            return Map.of("lambda", lambda);
        }
    }

    /**
     * A random forest of {@code ntrees} trees whose splits each try {@code mtryFactor} times the square
     * root of the number of input features (models fitted before this counted encoded columns), and
     * whose leaves hold at least {@code nodeSize} rows (Smile's minimum leaf size).
     */
    record ForestParams(int ntrees, double mtryFactor, int nodeSize) implements Hyperparameters {
        public ForestParams {
            if (ntrees < 1) throw new IllegalArgumentException("invalid number of trees: " + ntrees);
            if (!(mtryFactor > 0) || Double.isInfinite(mtryFactor)) throw new IllegalArgumentException("invalid mtryFactor: " + mtryFactor);
            if (nodeSize < 1) throw new IllegalArgumentException("invalid node size: " + nodeSize);
        }

        @Override
        public Algorithm algorithm() {
            return Algorithm.RANDOM_FOREST;
        }

        @Override
        public Map<String, Double> toMap() {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put("ntrees", (double) ntrees);
            map.put("mtryFactor", mtryFactor);
            map.put("nodeSize", (double) nodeSize);
            return map;
        }
    }

    /**
     * Gradient boosting of {@code ntrees} trees of at most {@code maxNodes} leaves, each step shrunk by
     * {@code shrinkage}. In {@link Algorithm#grid()}, {@code ntrees} is the most trees selection tries:
     * it keeps the count with the lowest cross-validated log loss, which a candidate's reported
     * params then hold and the final model is fitted with.
     */
    record BoostingParams(int ntrees, int maxNodes, double shrinkage) implements Hyperparameters {
        public BoostingParams {
            if (ntrees < 1) throw new IllegalArgumentException("invalid number of trees: " + ntrees);
            if (maxNodes < 2) throw new IllegalArgumentException("invalid maximum number of leaves: " + maxNodes);
            if (!(shrinkage > 0 && shrinkage <= 1)) throw new IllegalArgumentException("invalid shrinkage: " + shrinkage);
        }

        @Override
        public Algorithm algorithm() {
            return Algorithm.GRADIENT_BOOSTING;
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

    /**
     * An RBF SVM with soft-margin penalty {@code c} (reported as {@code C}) and kernel width gamma =
     * {@code gammaFactor} / number of encoded columns (scikit-learn's 'scale' on standardised data).
     */
    record SvmParams(double c, double gammaFactor) implements Hyperparameters {
        public SvmParams {
            if (!(c > 0) || Double.isInfinite(c)) throw new IllegalArgumentException("invalid C: " + c);
            if (!(gammaFactor > 0) || Double.isInfinite(gammaFactor)) throw new IllegalArgumentException("invalid gammaFactor: " + gammaFactor);
        }

        @Override
        public Algorithm algorithm() {
            return Algorithm.SVM_RBF;
        }

        @Override
        public Map<String, Double> toMap() {
            Map<String, Double> map = new LinkedHashMap<>();
            map.put("C", c);
            map.put("gammaFactor", gammaFactor);
            return map;
        }
    }

    /**
     * Another grid point's learner whose class probabilities are raised to the power 1 / {@code temperature}
     * and renormalised: selection fits the temperature to the candidate's cross-validated predictions
     * when there are more than two classes ({@link ModelSelection}). Reported as that point's values
     * plus {@code temperature}.
     */
    record Tempered(Hyperparameters base, double temperature) implements Hyperparameters {
        public Tempered {
            if (base == null || base instanceof Tempered) throw new IllegalArgumentException("invalid base: " + base);
            if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("invalid temperature: " + temperature);
        }

        @Override
        public Algorithm algorithm() {
            return base.algorithm();
        }

        @Override
        public Map<String, Double> toMap() {
            Map<String, Double> map = new LinkedHashMap<>(base.toMap());
            map.put("temperature", temperature);
            return map;
        }
    }
}
