package io.tabml.training;

import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;

/**
 * Racing of model selection's candidates (issue 15): stops cross-validating a candidate once the rows
 * it has been scored on leave it no real chance of finishing ahead of the leader, so that selection
 * spends its folds on candidates the data cannot yet tell apart.
 *
 * <p>A candidate's folds are fitted {@link #ROUND} at a time. After each round that leaves folds to
 * fit, its out-of-fold predictions of the rows validated so far are compared, row by row, with the
 * leader's predictions of the same rows: the leader is the best candidate cross-validated on every
 * fold, so it has a prediction of every row. Pairing removes the rows' own difficulty from the
 * comparison, which makes it far more sensitive than comparing two scores.
 *
 * <p>The question asked is the one selection's choice turns on: would the candidate still finish
 * ahead of the leader on all folds? Selection keeps the best score on all folds, and the leader can
 * only be replaced by a better one, so a candidate that cannot pass the leader cannot be chosen. Its
 * lead on all rows is the rows' mean: {@code (seen * lead + rest * later) / all}, so to finish ahead
 * it must lead on the rows still to come by {@code seen / rest} times what it trailed by. Suppose,
 * generously for a candidate behind, that it is in truth exactly as good as the leader: its lead on
 * the {@code rest} rows is then about normal around 0, with the standard error of the paired test
 * on the rows seen scaled by {@code sqrt(seen / rest)}. When the chance of that lead being large
 * enough is below {@code 1 - }{@link #CONFIDENCE}, the candidate's other folds are not fitted. The
 * rule asks little of the rows where few are left (after 4 of 5 folds, 1.2 standard errors behind)
 * and much where most are (after 2 of 5, 2.9): a candidate dropped is one that the full search would
 * not have chosen either, unless a 1% chance came about, so the choice is the full search's.
 *
 * <p>The paired tests, one per metric that has one here: ROC AUC of two classes by DeLong's test for
 * two correlated AUCs ({@link Metrics#pairedRocAuc}); log loss and accuracy by the per-row
 * differences (of log loss, of being right). PR AUC, F1 and a macro ROC AUC of more classes are not
 * raced. Nor are rows where some class has fewer than {@link #MIN_CLASS_ROWS} rows in the first
 * round's folds: a variance estimated from a handful of rows of a class (with rare classes, the rows
 * that carry the metric) can be far too small, and would drop a candidate that might have won.
 * The rows of several folds are predicted by different fold models, and the tests take them as
 * independent draws: the same assumption every cross-validated score here makes. A ROC AUC on all
 * rows is close to, not exactly, the rows' mean of the two parts' AUCs; the margin of 99% covers that.
 */
final class Racing {
    /**
     * Folds fitted between two looks: the cores of the 2-core machines training runs on, which fit two
     * folds at once, so a candidate that runs every fold takes as long as before. Fixed rather than
     * read from the machine, so that the same data and seed race the same way anywhere.
     */
    static final int ROUND = 2;
    /** A candidate is dropped when its chance of finishing ahead of the leader, were it as good, is below 1 minus this. */
    static final double CONFIDENCE = 0.99;
    /** Fewest rows of every class among the first round's validation rows for a race (see the class comment). */
    static final int MIN_CLASS_ROWS = 20;

    /**
     * One look at a candidate: after {@code folds} of {@code of} folds, on their {@code rows} of
     * {@code allRows} rows, the metric's value for it and for the leader (a log loss as a loss), its
     * lead over the leader in selection's score (higher is better; negative when behind) with that
     * lead's standard error, and {@code catchUp}: the chance it would finish ahead of the leader on all
     * folds were it in truth as good as the leader.
     */
    record Look(int folds, int of, int rows, int allRows, double candidate, double leader, double lead, double standardError,
                double catchUp) {
        /** Whether the candidate is left no real chance of passing the leader. */
        boolean behind() {
            return catchUp < 1 - CONFIDENCE;
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
            return "every candidate ran all " + folds + " folds, as cvFolds was configured (racing, which stops a candidate that "
                    + "the rows leave no real chance of passing the leader, applies to the default folds only)";
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
     * @param allRows   the rows of all folds
     */
    static Look look(Metric metric, int folds, int of, int[] truth, double[][] candidate, double[][] leader, int positive, int allRows) {
        double lead, se, candidateValue, leaderValue;
        if (metric == Metric.ROC_AUC) {
            var auc = Metrics.pairedRocAuc(truth, candidate, leader, positive);
            candidateValue = auc.first();
            leaderValue = auc.second();
            lead = candidateValue - leaderValue;
            se = auc.differenceStandardError();
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
        }
        int seen = truth.length, rest = allRows - seen;
        double needed = -lead * seen / rest; // the lead on the rest that would bring it level on all rows
        double catchUp = se > 0 ? 1 - GaussianDistribution.getInstance().cdf(needed / (se * Math.sqrt((double) seen / rest)))
                : needed < 0 ? 1 : 0;
        return new Look(folds, of, seen, allRows, candidateValue, leaderValue, lead, se, catchUp);
    }
}
