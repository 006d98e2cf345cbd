package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The comparison of two models on the same rows: DeLong's variance from midranks against its
 * definition over every pair, and the tests' error rates on simulated models of known quality.
 */
class PairedEvidenceTest {
    private static final int[] TRUTH = {1, 0, 1, 0, 0, 1, 1, 0};
    /** Positives at .9 .7 .2 .6, negatives at .8 .4 .3 .6 (a tie across the classes). */
    private static final double[][] FIRST = binary(0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.6, 0.6);
    private static final double[][] SECOND = binary(0.6, 0.5, 0.9, 0.1, 0.2, 0.4, 0.3, 0.35);

    private static double[][] binary(double... positiveScores) {
        double[][] probabilities = new double[positiveScores.length][];
        for (int i = 0; i < positiveScores.length; i++) probabilities[i] = new double[] {1 - positiveScores[i], positiveScores[i]};
        return probabilities;
    }

    @Test
    void midranksShareTiedRanks() {
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, Metrics.midranks(new double[] {0.5, 0.1, 0.5, 0.9}));
    }

    @Test
    void deLongMatchesItsDefinitionOverEveryPair() {
        var paired = Metrics.pairedRocAuc(TRUTH, FIRST, SECOND, 1);
        assertEquals(Metrics.rocAuc(TRUTH, FIRST, 1), paired.first(), 1e-12);
        assertEquals(Metrics.rocAuc(TRUTH, SECOND, 1), paired.second(), 1e-12);
        assertEquals(Math.sqrt(pairwiseDifferenceVariance(TRUTH, FIRST, SECOND)), paired.differenceStandardError(), 1e-12);
        assertEquals(0, Metrics.pairedRocAuc(TRUTH, FIRST, FIRST, 1).differenceStandardError(), 1e-12);
    }

    /** DeLong's variance of the AUC difference straight from its definition: every positive against every negative. */
    private static double pairwiseDifferenceVariance(int[] truth, double[][] a, double[][] b) {
        var positives = java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] == 1).toArray();
        var negatives = java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] == 0).toArray();
        double[] v10 = new double[positives.length], v01 = new double[negatives.length];
        for (int i = 0; i < positives.length; i++) {
            for (int j = 0; j < negatives.length; j++) {
                double lead = psi(a[positives[i]][1], a[negatives[j]][1]) - psi(b[positives[i]][1], b[negatives[j]][1]);
                v10[i] += lead / negatives.length;
                v01[j] += lead / positives.length;
            }
        }
        return smile.math.MathEx.var(v10) / positives.length + smile.math.MathEx.var(v01) / negatives.length;
    }

    private static double psi(double positive, double negative) {
        return positive > negative ? 1 : positive == negative ? 0.5 : 0;
    }

    @Test
    void twoEquallyGoodModelsAreRarelyToldApart() {
        // both score the same rows with the same signal and their own noise: a 95% one-sided bound should
        // exclude a lead of 0 in about 5% of draws, in each direction
        Random random = new Random(11);
        int trials = 400, firstShownBetter = 0, firstShownWorse = 0;
        for (int t = 0; t < trials; t++) {
            int n = 300;
            int[] truth = new int[n];
            double[][] first = new double[n][], second = new double[n][];
            for (int i = 0; i < n; i++) {
                truth[i] = random.nextDouble() < 0.3 ? 1 : 0;
                double signal = truth[i] + random.nextGaussian();
                first[i] = logistic(signal + random.nextGaussian());
                second[i] = logistic(signal + random.nextGaussian());
            }
            var evidence = PairedEvidence.of(truth, first, second, 1, 0, 1);
            if (evidence.lowerBound() > 0) firstShownBetter++;
            if (evidence.upperBound() < 0) firstShownWorse++;
        }
        assertTrue(firstShownBetter >= 8 && firstShownBetter <= 36, "first shown better in " + firstShownBetter + " of " + trials);
        assertTrue(firstShownWorse >= 8 && firstShownWorse <= 36, "first shown worse in " + firstShownWorse + " of " + trials);
    }

    @Test
    void aClearlyBetterModelIsShownBetterOnLogLossForMoreClasses() {
        Random random = new Random(5);
        int n = 300;
        int[] truth = new int[n];
        double[][] sharp = new double[n][], vague = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(3);
            sharp[i] = new double[] {0.1, 0.1, 0.1};
            sharp[i][truth[i]] = 0.8;
            vague[i] = new double[] {0.3, 0.3, 0.3};
            vague[i][truth[i]] = 0.4;
        }
        var evidence = PairedEvidence.of(truth, sharp, vague, 0, 7, 2);
        assertEquals(PairedEvidence.Measure.LOG_LOSS, evidence.measure());
        assertEquals(-Math.log(0.8), evidence.candidate(), 1e-12);
        assertEquals(Math.log(0.8) - Math.log(0.4), evidence.advantage(), 1e-12);
        assertTrue(evidence.lowerBound() > 0.6, "shown better: " + evidence);
        assertEquals(7, evidence.excludedRows());
        assertEquals(2, evidence.championVersion());
    }

    private static double[] logistic(double score) {
        double p = 1 / (1 + Math.exp(-score));
        return new double[] {1 - p, p};
    }
}
