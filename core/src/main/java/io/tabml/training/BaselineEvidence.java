package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;
import smile.stat.distribution.TDistribution;

/**
 * How sure the evaluated rows (the holdout, or every row when evaluated by cross-validation) make
 * us that the model beats a constant prediction of the class shares: one-sided lower confidence
 * bounds that widen as the rows get fewer. The quality gate judges by them.
 *
 * <p>The constant baseline is the evaluated rows' own class shares, not the training prior: on
 * those rows no constant prediction has a lower log loss, so the mean gain against it is never
 * larger than against the prior, and the test is, if anything, conservative.
 *
 * @param rocAuc for two classes only (null for more, and when the rows hold one class alone)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BaselineEvidence(LogLossGain logLossGain, RocAucBound rocAuc) {
    /** The confidence of every bound here: one-sided, so a 5% chance that the truth lies below it. */
    public static final double CONFIDENCE = 0.95;

    /**
     * The per-row log-loss gain over the class shares, {@code log p(true class) - log share(true class)}:
     * its mean (the baseline's log loss minus the model's), sample standard deviation, row count, and
     * the mean's lower bound by Student's t, taking the rows as independent draws (the mean of many
     * is near normal); confident mistakes make the standard deviation large and the bound low.
     */
    public record LogLossGain(int rows, double mean, double sd, double lowerBound) {
        public static LogLossGain of(int rows, double mean, double sd) {
            double t = new TDistribution(rows - 1).quantile(CONFIDENCE);
            return new LogLossGain(rows, mean, sd, mean - t * sd / Math.sqrt(rows));
        }
    }

    /**
     * The lower bound on ROC AUC from its Hanley-McNeil standard error and the normal quantile:
     * comparing it with 0.5 is a one-sided test against chance (see {@link Metrics#rocAucStandardError}).
     */
    public record RocAucBound(int positives, int negatives, double standardError, double lowerBound) {
        public static RocAucBound of(double rocAuc, int positives, int negatives) {
            double se = Metrics.rocAucStandardError(rocAuc, positives, negatives);
            return new RocAucBound(positives, negatives, se, rocAuc - GaussianDistribution.getInstance().quantile(CONFIDENCE) * se);
        }
    }

    /** From the evaluated rows: {@code truth[i]} is the class index, {@code probabilities[i]} every class's probability. */
    static BaselineEvidence of(int[] truth, double[][] probabilities, int positive, double rocAuc) {
        double[] gains = Metrics.logLossGains(truth, probabilities);
        var logLossGain = LogLossGain.of(gains.length, MathEx.mean(gains), Math.sqrt(MathEx.var(gains)));
        if (probabilities[0].length != 2) return new BaselineEvidence(logLossGain, null);
        int positives = Metrics.count(truth, positive);
        int negatives = truth.length - positives;
        return new BaselineEvidence(logLossGain, positives == 0 || negatives == 0 ? null : RocAucBound.of(rocAuc, positives, negatives));
    }
}
