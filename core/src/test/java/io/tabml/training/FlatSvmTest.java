package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.classification.Classifier;
import smile.classification.OneVersusOne;
import smile.classification.PlattScaling;
import smile.classification.SVM;

/** An SVM's support vectors copied into one array score every row as Smile does (to within rounding), before and after an artifact round trip. */
class FlatSvmTest {
    private static double[][] rows(int n, int p, long seed, int[] labels) {
        Random random = new Random(seed);
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i][j] = random.nextGaussian();
            if (labels != null) labels[i] = x[i][0] * x[i][1] + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
        }
        return x;
    }

    @Test
    void theArrayScoresEveryRowAsSmileDoesAndSurvivesTheArtifact() throws Exception {
        // 7 columns and a support vector count that is no multiple of four: both loops of the copy run
        int[] y = new int[397];
        double[][] x = rows(397, 7, 1, y);
        SVM<double[]> model = Learners.svmPairs(new Hyperparameters.SvmParams(1.0, 1.0), x, y, 2, 7).svms()[1][0];
        assertTrue(model.vectors().length > 8 && model.vectors().length % 4 != 0, model.vectors().length + " support vectors");
        FlatSvm flat = FlatSvm.of(model);
        for (double[] row : rows(500, 7, 2, null)) assertEquals(model.score(row), flat.score(row), 1e-12 * Math.max(1, Math.abs(model.score(row))));

        var svm = new Learners.Svm(model, PlattScaling.fit(new double[] {-1, -0.5, 0.5, 1}, new int[] {-1, -1, 1, 1}));
        var read = ArtifactRoundTrip.of(svm);
        for (double[] row : rows(50, 7, 3, null)) {
            assertEquals(svm.probabilities(row)[1], read.probabilities(row)[1], 0.0);
            assertEquals(svm.platt().scale(model.score(row)), read.probabilities(row)[1], 1e-12);
        }
    }

    @Test
    void moreClassesCoupleTheCopiedPairsAsSmileCouplesItsSvms() throws Exception {
        Random random = new Random(5);
        int n = 450;
        double[][] x = rows(n, 6, 4, null);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = x[i][0] + 0.4 * random.nextGaussian() > 0.5 ? 2 : x[i][1] > 0 ? 1 : 0;
        var served = (Learners.SvmOneVsOne) ModelSelection.fit(new Hyperparameters.SvmParams(1.0, 1.0), Imbalance.NONE,
                EncodedColumns.allContinuous(6), x, y, 3, 11);

        // the same coupling over Smile's own SVMs: OneVersusOne keeps its pairs and Platt scalings to itself
        Classifier<double[]>[][] pairs = field(served.model(), "classifiers");
        PlattScaling[][] platts = field(served.model(), "platt");
        @SuppressWarnings("unchecked")
        Classifier<double[]>[][] smiles = new Classifier[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            smiles[i] = new Classifier[i];
            for (int j = 0; j < i; j++) smiles[i][j] = assertInstanceOf(Learners.FlatPair.class, pairs[i][j]).model();
        }
        var smile = new OneVersusOne<>(smiles, platts, new smile.util.IntSet(new int[] {0, 1, 2}));
        var read = ArtifactRoundTrip.of(served);
        for (double[] row : rows(200, 6, 6, null)) {
            double[] expected = new double[3];
            smile.predict(row, expected);
            assertArrayEquals(expected, served.probabilities(row), 1e-12);
            assertArrayEquals(served.probabilities(row), read.probabilities(row), 0.0);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) throws ReflectiveOperationException {
        var field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return (T) field.get(owner);
    }
}
