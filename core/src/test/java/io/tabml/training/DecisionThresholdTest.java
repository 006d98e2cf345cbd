package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.stat.distribution.GaussianDistribution;

class DecisionThresholdTest {
    private static final GaussianDistribution NORMAL = GaussianDistribution.getInstance();

    /** Binormal scores: log-odds N(0, 1) for negatives and N(separation, 1) for positives, as probabilities. */
    private record Sample(int[] truth, double[][] probabilities) {}

    private static Sample sample(Random random, int n, double prevalence, double separation) {
        int[] truth = new int[n];
        double[][] probabilities = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextDouble() < prevalence ? 1 : 0;
            double logOdds = random.nextGaussian() + (truth[i] == 1 ? separation : 0);
            double p = 1 / (1 + Math.exp(-logOdds));
            probabilities[i] = new double[] {1 - p, p};
        }
        return new Sample(truth, probabilities);
    }

    /** The population's F1 or accuracy when the positive class is predicted at or above a probability threshold. */
    private static double population(boolean accuracy, double threshold, double prevalence, double separation) {
        double t = Math.log(threshold / (1 - threshold));
        double tpr = 1 - NORMAL.cdf(t - separation);
        double fpr = 1 - NORMAL.cdf(t);
        if (accuracy) return prevalence * tpr + (1 - prevalence) * (1 - fpr);
        return 2 * prevalence * tpr / (prevalence * tpr + (1 - prevalence) * fpr + prevalence);
    }

    /** The unsmoothed choice: the threshold midway below the score group that maximises the empirical accuracy. */
    private static double rawAccuracyThreshold(int[] truth, double[][] probabilities) {
        double best = -1, threshold = 0.5;
        for (double[] candidate : probabilities) {
            double t = candidate[1];
            double value = DecisionThreshold.empirical(true, truth, probabilities, 1, t);
            if (value > best) {
                best = value;
                threshold = t;
            }
        }
        return threshold;
    }

    @Test
    void theThresholdMaximisesTheSelectionMetricWhereOneMeansSomething() {
        Sample s = sample(new Random(1), 400, 0.2, 1.5);
        var f1 = DecisionThreshold.choose(Metric.F1, s.truth(), s.probabilities(), 1, "yes");
        var accuracy = DecisionThreshold.choose(Metric.ACCURACY, s.truth(), s.probabilities(), 1, "yes");
        var auc = DecisionThreshold.choose(Metric.ROC_AUC, s.truth(), s.probabilities(), 1, "yes");
        assertTrue(f1.reason().startsWith("maximises F1 of 'yes'"), f1.reason());
        assertTrue(accuracy.reason().startsWith("maximises accuracy"), accuracy.reason());
        assertTrue(auc.reason().startsWith("roc_auc does not depend on a threshold, so it maximises F1 of 'yes'"), auc.reason());
        assertEquals(f1.threshold(), auc.threshold(), "a threshold-free metric keeps the F1 threshold");
        assertTrue(accuracy.threshold() > f1.threshold(), "accuracy on a 20%-positive target wants a higher threshold than F1: "
                + accuracy.threshold() + " vs " + f1.threshold());
        for (Metric m : new Metric[] {Metric.PR_AUC, Metric.LOG_LOSS}) {
            assertEquals(f1.threshold(), DecisionThreshold.choose(m, s.truth(), s.probabilities(), 1, "yes").threshold());
        }
        // the value the reason states is the unsmoothed metric at the chosen threshold
        assertEquals(DecisionThreshold.empirical(true, s.truth(), s.probabilities(), 1, accuracy.threshold()), accuracy.value(), 1e-12);
    }

    @Test
    void allEqualScoresStillGiveAThresholdThatPredictsTheBetterWay() {
        int[] truth = {0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
        double[][] probabilities = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) probabilities[i] = new double[] {0.7, 0.3};
        var accuracy = DecisionThreshold.choose(Metric.ACCURACY, truth, probabilities, 1, "yes");
        assertEquals(0.8, accuracy.value(), 1e-12, "predicting no row positive is right 8 times in 10");
        var f1 = DecisionThreshold.choose(Metric.F1, truth, probabilities, 1, "yes");
        assertEquals(2 * 2 / 12.0, f1.value(), 1e-12, "predicting every row positive is the only F1 above zero");
    }

    /**
     * The smoothed curve's threshold does at least as well on new rows as the empirical curve's
     * maximum, on average over many small samples: measured on the population's exact F1 and
     * accuracy. Figures: see the report of issue 17 (printed here too).
     */
    @Test
    void smoothingDoesBetterOnNewRowsThanTheEmpiricalMaximumOnSmallData() {
        double prevalence = 0.2, separation = 1.5;
        int replicates = 400;
        for (int n : new int[] {40, 100, 300}) {
            Random random = new Random(n);
            double rawF1 = 0, smoothF1 = 0, rawAcc = 0, smoothAcc = 0;
            for (int r = 0; r < replicates; r++) {
                Sample s = sample(random, n, prevalence, separation);
                if (java.util.Arrays.stream(s.truth()).sum() < 2) {
                    r--;
                    continue;
                }
                rawF1 += population(false, Metrics.bestF1Threshold(s.truth(), s.probabilities(), 1).threshold(), prevalence, separation);
                smoothF1 += population(false, DecisionThreshold.choose(Metric.F1, s.truth(), s.probabilities(), 1, "yes").threshold(),
                        prevalence, separation);
                rawAcc += population(true, rawAccuracyThreshold(s.truth(), s.probabilities()), prevalence, separation);
                smoothAcc += population(true, DecisionThreshold.choose(Metric.ACCURACY, s.truth(), s.probabilities(), 1, "yes").threshold(),
                        prevalence, separation);
            }
            System.out.printf("n=%d: population F1 %.4f empirical max, %.4f smoothed; accuracy %.4f empirical max, %.4f smoothed%n",
                    n, rawF1 / replicates, smoothF1 / replicates, rawAcc / replicates, smoothAcc / replicates);
            assertTrue(smoothF1 >= rawF1, "n=" + n + ": smoothed F1 " + smoothF1 / replicates + " vs " + rawF1 / replicates);
            assertTrue(smoothAcc >= rawAcc, "n=" + n + ": smoothed accuracy " + smoothAcc / replicates + " vs " + rawAcc / replicates);
        }
    }
}
