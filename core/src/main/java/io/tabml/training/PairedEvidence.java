package io.tabml.training;

import static io.tabml.training.BaselineEvidence.CONFIDENCE;

import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;
import smile.stat.distribution.TDistribution;

/**
 * A new version against the champion on the same rows: the new version's evaluation rows less
 * those the champion trained on, each scored by both. Pairing removes the rows' own difficulty
 * from the comparison, so it is far more sensitive than comparing two estimates made on different
 * rows. With two classes the measure is ROC AUC, compared by DeLong's test for two correlated AUCs;
 * with more, log loss, compared by Student's t on the per-row differences.
 *
 * @param advantage the new version's lead on these rows, in the measure's unit, positive when it is
 *                  better: its ROC AUC minus the champion's, or the champion's log loss minus its own
 * @param lowerBound one-sided {@link BaselineEvidence#CONFIDENCE} lower bound on the advantage
 * @param upperBound one-sided upper bound: below the tolerance's negative, the rows show the new
 *                   version worse than the champion by more than the tolerance
 * @param excludedRows evaluation rows left out because the champion trained on them
 */
public record PairedEvidence(Measure measure, int rows, int excludedRows, int championVersion, double candidate, double champion,
                             double advantage, double standardError, double lowerBound, double upperBound) {

    /**
     * What is compared. A regressor's errors are in the target's unit, which no fixed tolerance fits,
     * so for them ({@link #relative()}) the gate's tolerance is a share of the champion's error.
     */
    public enum Measure {
        ROC_AUC("ROC AUC", false), LOG_LOSS("log loss", false),
        SQUARED_ERROR("mean squared error", true), ABSOLUTE_ERROR("mean absolute error", true);

        private final String label;
        private final boolean relative;

        Measure(String label, boolean relative) {
            this.label = label;
            this.relative = relative;
        }

        public String label() {
            return label;
        }

        /** Whether the gate's tolerance is a share of the champion's value rather than a number in the measure's unit. */
        public boolean relative() {
            return relative;
        }
    }

    /**
     * Two regressors on the same rows: the per-row error the selection metric orders by
     * ({@link RegressionMetric#rowError}: squared, or absolute for MAE), compared by a paired Student's t
     * on the per-row differences, as log losses are. {@code candidate} and {@code champion} are the
     * mean errors; the advantage is the champion's minus the new version's.
     */
    public static PairedEvidence ofErrors(RegressionMetric metric, double[] truth, double[] candidate, double[] champion, int excludedRows,
                                          int championVersion) {
        double[] lead = new double[truth.length];
        double candidateError = 0, championError = 0;
        for (int i = 0; i < truth.length; i++) {
            double mine = metric.rowError(truth[i], candidate[i]), theirs = metric.rowError(truth[i], champion[i]);
            lead[i] = theirs - mine;
            candidateError += mine / truth.length;
            championError += theirs / truth.length;
        }
        return bounded(metric == RegressionMetric.MAE ? Measure.ABSOLUTE_ERROR : Measure.SQUARED_ERROR, truth.length, excludedRows,
                championVersion, candidateError, championError, MathEx.mean(lead), Math.sqrt(MathEx.var(lead) / lead.length),
                new TDistribution(lead.length - 1).quantile(CONFIDENCE));
    }

    /**
     * @param truth row i's class index; both models' probabilities follow the same class order
     * @param positive the positive class's index (used with two classes)
     */
    public static PairedEvidence of(int[] truth, double[][] candidate, double[][] champion, int positive, int excludedRows,
                                    int championVersion) {
        if (candidate[0].length == 2) {
            var auc = Metrics.pairedRocAuc(truth, candidate, champion, positive);
            return bounded(Measure.ROC_AUC, truth.length, excludedRows, championVersion, auc.first(), auc.second(),
                    auc.first() - auc.second(), auc.differenceStandardError(), GaussianDistribution.getInstance().quantile(CONFIDENCE));
        }
        double[] lead = new double[truth.length];
        double[] candidateGains = Metrics.logLossGains(truth, candidate), championGains = Metrics.logLossGains(truth, champion);
        for (int i = 0; i < lead.length; i++) lead[i] = candidateGains[i] - championGains[i];
        double se = Math.sqrt(MathEx.var(lead) / lead.length);
        return bounded(Measure.LOG_LOSS, truth.length, excludedRows, championVersion, Metrics.logLoss(truth, candidate),
                Metrics.logLoss(truth, champion), MathEx.mean(lead), se, new TDistribution(lead.length - 1).quantile(CONFIDENCE));
    }

    private static PairedEvidence bounded(Measure measure, int rows, int excluded, int championVersion, double candidate, double champion,
                                          double advantage, double se, double quantile) {
        return new PairedEvidence(measure, rows, excluded, championVersion, candidate, champion, advantage, se,
                advantage - quantile * se, advantage + quantile * se);
    }
}
