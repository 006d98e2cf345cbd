package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.base.cart.DecisionNode;
import smile.classification.DecisionTree;
import smile.data.Tuple;

/** A forest's trees copied into arrays score every row exactly as Smile's nodes do, before and after an artifact round trip. */
class FlatForestTest {
    /**
     * Three classes from two informative columns and a noise column; rows to score (no labels) have
     * some values missing, which the encoder imputes before a model sees them, but the forest must
     * still score as Smile would.
     */
    private static double[][] rows(int n, long seed, int[] labels) {
        Random random = new Random(seed);
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            x[i][2] = labels == null && random.nextDouble() < 0.05 ? Double.NaN : random.nextGaussian();
            if (labels != null) labels[i] = x[i][0] + 0.3 * random.nextGaussian() > 0.5 ? 2 : x[i][1] > 0 ? 1 : 0;
        }
        return x;
    }

    /** What the forest's probabilities were before the copy: Smile's nodes walked through a tuple of the row. */
    private static double[] walked(Learners.Forest forest, double[] x) {
        Tuple row = forest.model().formula().x(Tuple.of(forest.schema(), x));
        DecisionTree[] trees = forest.model().trees();
        double[] p = new double[forest.model().classes().length];
        for (DecisionTree tree : trees) {
            int[] count = ((DecisionNode) tree.root().predict(row)).count();
            double n = 0;
            for (int c : count) n += c;
            for (int c = 0; c < count.length; c++) p[c] += count[c] / n / trees.length;
        }
        return p;
    }

    @Test
    void theArraysScoreEveryRowAsSmilesNodesDoAndSurviveTheArtifact() throws Exception {
        int[] y = new int[1500];
        double[][] x = rows(1500, 1, y);
        var forest = (Learners.Forest) Learners.fit(new Hyperparameters.ForestParams(60, 1.0, 3), x, y, 3, EncodedColumns.allContinuous(3), 7);
        double[][] fresh = rows(500, 2, null);
        fresh[0][0] = Double.NaN; // a missing value goes the way Smile sends it: to the false side of a split
        for (double[] row : fresh) assertArrayEquals(walked(forest, row), forest.probabilities(row), 0.0);

        var read = ArtifactRoundTrip.of(forest);
        for (double[] row : fresh) assertArrayEquals(forest.probabilities(row), read.probabilities(row), 0.0);
        assertEquals(3, read.probabilities(fresh[1]).length);
    }
}
