package io.tabml.training;

import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;
import smile.stat.distribution.TDistribution;

/**
 * Racing of model selection's candidates (issue 15): stops cross-validating a candidate once the rows
 * it has been scored on show it behind the leader beyond doubt, so that selection spends its folds on
 * candidates the data cannot yet tell apart.
 *
 * <p>A candidate's folds are fitted {@link #ROUND} at a time. After each round that leaves folds to
 * fit, its out-of-fold predictions of the rows validated so far are compared, row by row, with the
 * leader's predictions of the same rows: the leader is the best candidate cross-validated on every
 * fold, so it has a prediction of every row. Pairing removes the rows' own difficulty from the
 * comparison, which makes it far more sensitive than comparing two scores. When the one-sided
 * {@link #CONFIDENCE} upper bound on the candidate's lead is below 0, its other folds are not
 * fitted: selection keeps the candidate with the best score on all folds, and the leader can only be
 * replaced by a better one, so a candidate behind the leader beyond doubt on two fifths of the rows
 * (two thirds above 5,000 rows) is behind the winner; to come out ahead it would have to beat the
 * leader on the remaining rows by more than it trailed on these.
 *
 * <p>The paired tests, one per metric that has one here: ROC AUC of two classes by DeLong's test for
 * two correlated AUCs ({@link Metrics#pairedRocAuc}); log loss and accuracy by Student's t on the
 * per-row differences (of log loss, of being right). PR AUC, F1 and a macro ROC AUC of more classes
 * are not raced. Nor are rows where some class has fewer than {@link #MIN_CLASS_ROWS} rows in the
 * first round's folds: a variance estimated from a handful of rows of a class (with rare classes,
 * the rows that carry the metric) can be far too small, and a false "behind" would drop a candidate
 * that might have won.
 *
 * <p>The rows of several folds are predicted by different fold models, and DeLong's and Student's
 * tests take them as independent draws: the same assumption every cross-validated score here makes.
 * Several candidates are raced, each at up to two looks; the confidence is set high (a 1% chance per
 * look of calling an equal candidate behind) for that reason, and a candidate wrongly dropped is one
 * whose true lead is 0 or less, which costs nothing against the leader.
 */
final class Racing {
    /**
     * Folds fitted between two looks: the cores of the 2-core machines training runs on, which fit two
     * folds at once, so a candidate that runs every fold takes as long as before. Fixed rather than
     * read from the machine, so that the same data and seed race the same way anywhere.
     */
    static final int ROUND = 2;
    /** One-sided confidence that a dropped candidate trails the leader. */
    static final double CONFIDENCE = 0.99;
    /** Fewest rows of every class among the first round's validation rows for a race (see the class comment). */
    static final int MIN_CLASS_ROWS = 20;

    /**
     * One look at a candidate: after {@code folds} of {@code of} folds, on their {@code rows} rows, the
     * metric's value for it and for the leader (a log loss as a loss), its lead over the leader in
     * selection's score (higher is better; negative when behind), and the one-sided upper bound on that lead.
     */
    record Look(int folds, int of, int rows, double candidate, double leader, double lead, double upperBound) {
        /** Whether the candidate trails the leader beyond doubt. */
        boolean behind() {
            return upperBound < 0;
        }
    }

    private Racing() {}

    /**
     * Why candidates are not raced on these folds, or null when they are.
     *
     * @param config          the settings: configured folds are run in full
     * @param labels          the selection rows' class indices
     * @param firstRoundRows  the rows the first {@link #ROUND} folds validate on
     */
    static String whyNot(TrainingConfig config, Metric metric, int classes, int folds, int[] labels, int[] firstRoundRows) {
        if (config.cvFolds() != null) {
            return "every candidate ran all " + folds + " folds, as cvFolds was configured (racing, which stops a candidate behind "
                    + "the leader beyond doubt after " + ROUND + " folds, applies to the default folds only)";
        }
        if (!tested(metric, classes)) {
            return "candidates were not raced: " + metric.id() + (classes > 2 ? " of " + classes + " classes" : "")
                    + " has no paired test here, so every candidate ran all " + folds + " folds";
        }
        int[] counts = Splits.classCounts(Splits.select(labels, firstRoundRows), classes);
        int fewest = java.util.Arrays.stream(counts).min().orElse(0);
        if (fewest < MIN_CLASS_ROWS) {
            return "candidates were not raced: the first " + ROUND + " folds hold " + fewest + " row(s) of some class, fewer than "
                    + MIN_CLASS_ROWS + " for a paired test, so every candidate ran all " + folds + " folds";
        }
        return null;
    }

    /** Whether the metric has a paired test here (see the class comment). */
    static boolean tested(Metric metric, int classes) {
        return switch (metric) {
            case ROC_AUC -> classes == 2;
            case LOG_LOSS, ACCURACY -> true;
            case PR_AUC, F1 -> false;
        };
    }

    /**
     * Compares a candidate with the leader on the rows validated so far.
     *
     * @param truth     those rows' class indices
     * @param candidate the candidate's out-of-fold probabilities of those rows
     * @param leader    the leader's, of the same rows in the same order
     */
    static Look look(Metric metric, int folds, int of, int[] truth, double[][] candidate, double[][] leader, int positive) {
        double lead, se, quantile, candidateValue, leaderValue;
        if (metric == Metric.ROC_AUC) {
            var auc = Metrics.pairedRocAuc(truth, candidate, leader, positive);
            candidateValue = auc.first();
            leaderValue = auc.second();
            lead = candidateValue - leaderValue;
            se = auc.differenceStandardError();
            quantile = GaussianDistribution.getInstance().quantile(CONFIDENCE);
        } else {
            double[] perRow = new double[truth.length];
            if (metric == Metric.LOG_LOSS) {
                // the gains over the class shares differ by the log losses' difference: the shares' terms cancel
                double[] mine = Metrics.logLossGains(truth, candidate), theirs = Metrics.logLossGains(truth, leader);
                for (int i = 0; i < perRow.length; i++) perRow[i] = mine[i] - theirs[i];
            } else {
                for (int i = 0; i < perRow.length; i++) {
                    perRow[i] = (Metrics.argmax(candidate[i]) == truth[i] ? 1 : 0) - (Metrics.argmax(leader[i]) == truth[i] ? 1 : 0);
                }
            }
            candidateValue = metric.value(truth, candidate, positive);
            leaderValue = metric.value(truth, leader, positive);
            lead = MathEx.mean(perRow);
            se = Math.sqrt(MathEx.var(perRow) / perRow.length);
            quantile = new TDistribution(perRow.length - 1).quantile(CONFIDENCE);
        }
        return new Look(folds, of, truth.length, candidateValue, leaderValue, lead, lead + quantile * se);
    }
}
