package io.tabml.registry;

import static io.tabml.training.BaselineEvidence.CONFIDENCE;

import io.tabml.training.BaselineEvidence;
import io.tabml.training.EvaluationMetrics;
import io.tabml.ingest.Task;
import io.tabml.training.PairedEvidence;
import io.tabml.training.RegressionMetric;
import io.tabml.training.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a new version may become the champion, by three tests on the metrics of the rows
 * it was evaluated on (its holdout, or for rare classes every row by cross-validation), in this
 * order; the first that fails refuses the version, and the reason names the test and its numbers.
 * What does not refuse it but a person should know becomes a warning.
 * <ol>
 *   <li><b>Class test.</b> A class the model never predicts refuses it only when the evaluated rows
 *       hold at least {@link #ROWS_TO_REFUSE} of that class; with fewer it is a warning.</li>
 *   <li><b>Baseline test.</b> The model must beat a constant prediction of the evaluated rows' class
 *       shares: the one-sided 95% lower bound on its mean log-loss gain must be above 0, or, for two
 *       classes, the one on its ROC AUC above 0.5 ({@link BaselineEvidence}). Either suffices because
 *       they catch different failures: log loss asks for calibrated probabilities, which class weights
 *       and SMOTE knowingly give up to find a rare class, while AUC asks only that the rows be ranked
 *       well, which is what a threshold needs. A model no better than the baseline passes one of the two
 *       5% tests at most 10% of the time; the baseline fitted on those very rows makes the log-loss
 *       test a little stricter than that.
 *       A report without evidence (written by an older trainer) is judged as before: ROC AUC above 0.5.</li>
 *   <li><b>Champion test</b> (when there is a champion): the two are compared on the same rows, the new
 *       version's evaluation rows less those the champion trained on ({@link ChampionComparison}): by
 *       ROC AUC for two classes (DeLong's test), by log loss for more (Student's t on the per-row
 *       differences). The new version is refused when the one-sided 95% upper bound on its lead is
 *       below minus the tolerance: the rows show it worse than the champion by more than the
 *       tolerance. Behind by more than the tolerance without that proof is a warning: a newer version,
 *       trained on newer data, gets the benefit of the doubt. The tolerance is in the measure's unit
 *       (ROC AUC points; nats of log loss a row). Where the two cannot be compared on the same rows (a
 *       version from an older trainer, other classes or columns, too few rows the champion did not
 *       train on), a warning says why and the two versions' own ROC AUC estimates are compared: the
 *       new one may be below the champion's by no more than the tolerance.</li>
 * </ol>
 */
public final class QualityGate {
    /**
     * With n evaluated rows of a class and none predicted as it, the exact one-sided upper confidence
     * bound on the model's recall of that class is {@code 1 - 0.05^(1/n)} (the rule of three, 3/n,
     * approximates it). The class test refuses once that bound is below this level: the rows then
     * shows, not merely suggests, that the model finds fewer than one in ten of the class.
     */
    static final double MAX_RECALL_BOUND = 0.10;
    /** The fewest rows for which that bound falls below {@link #MAX_RECALL_BOUND}: 29. */
    static final int ROWS_TO_REFUSE = (int) Math.floor(Math.log(1 - CONFIDENCE) / Math.log(1 - MAX_RECALL_BOUND)) + 1;
    private static final String LEVEL = format("%.0f%%", CONFIDENCE * 100);

    private final double tolerance;

    public QualityGate(double tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * What the gate knows of the champion: its own metrics, and the new version against it on the
     * same rows, or why that comparison could not be made.
     */
    public record ChampionEvidence(int version, EvaluationMetrics metrics, PairedEvidence paired, String whyUnpaired) {}

    /** @param champion null when the model has no champion yet */
    public GateDecision judge(EvaluationMetrics candidate, ChampionEvidence champion) {
        List<String> warnings = new ArrayList<>();
        Finding classes = classTest(candidate, warnings);
        if (!classes.passed()) return new GateDecision(false, classes.text(), warnings);
        Finding baseline = baselineTest(candidate, warnings);
        if (!baseline.passed()) return new GateDecision(false, baseline.text(), warnings);

        if (champion == null) return new GateDecision(true, "first version to pass the gate: " + baseline.text(), warnings);
        Finding against = champion.paired() != null
                ? pairedChampionTest(champion.paired(), warnings) : estimateChampionTest(candidate, champion, warnings);
        if (!against.passed()) return new GateDecision(false, against.text(), warnings, champion.paired());
        return new GateDecision(true, baseline.text() + "; " + against.text(), warnings, champion.paired());
    }

    private Finding pairedChampionTest(PairedEvidence paired, List<String> warnings) {
        // a relative measure's tolerance is a share of the champion's value: errors have the target's unit
        double allowed = paired.measure().relative() ? tolerance * paired.champion() : tolerance;
        String evidence = paired.measure().relative()
                ? format("on %d rows both were scored on (%d more left out: the champion trained on them), %s %.4g against "
                        + "the champion v%d's %.4g, a lead of %.4g with %s bounds %.4g to %.4g (tolerance %s of the champion's: %.4g)",
                paired.rows(), paired.excludedRows(), paired.measure().label(), paired.candidate(), paired.championVersion(),
                paired.champion(), paired.advantage(), LEVEL, paired.lowerBound(), paired.upperBound(), percent(tolerance), allowed)
                : format("on %d rows both were scored on (%d more left out: the champion trained on them), %s %.4f against "
                        + "the champion v%d's %.4f, a lead of %.4f with %s bounds %.4f to %.4f (tolerance %.4f)",
                paired.rows(), paired.excludedRows(), paired.measure().label(), paired.candidate(), paired.championVersion(),
                paired.champion(), paired.advantage(), LEVEL, paired.lowerBound(), paired.upperBound(), tolerance);
        if (paired.upperBound() < -allowed) {
            return new Finding(false, "not promoted (champion test): worse than the champion by more than the tolerance " + evidence);
        }
        if (paired.advantage() < -allowed) {
            warnings.add("behind the champion by more than the tolerance on these rows, though not by more than chance explains: " + evidence);
        }
        return new Finding(true, "compared with the champion " + evidence);
    }

    private Finding estimateChampionTest(EvaluationMetrics candidate, ChampionEvidence champion, List<String> warnings) {
        warnings.add("not compared with the champion on the same rows: " + champion.whyUnpaired()
                + "; the two versions' own ROC AUC estimates were compared instead");
        EvaluationMetrics theirs = champion.metrics();
        if (candidate.rocAuc() < theirs.rocAuc() - tolerance) {
            return new Finding(false, format("not promoted (champion test): ROC AUC %.4f is below the champion v%d's %.4f by more than %.4f",
                    candidate.rocAuc(), champion.version(), theirs.rocAuc(), tolerance));
        }
        return new Finding(true, format("ROC AUC %.4f against the champion v%d's %.4f (tolerance %.4f)",
                candidate.rocAuc(), champion.version(), theirs.rocAuc(), tolerance));
    }

    /**
     * What the gate knows of a champion regressor: its own holdout metrics, and the new version
     * against it on the same rows, or why that comparison could not be made.
     */
    public record RegressionChampionEvidence(int version, RegressionMetrics metrics, PairedEvidence paired, String whyUnpaired) {}

    /**
     * Judges a regressor, by the tests a classifier gets where they carry over:
     * <ol>
     *   <li><b>Baseline test.</b> It must beat predicting the training rows' mean: the one-sided 95%
     *       lower bound on its mean per-row gain in the selection metric's error (squared, or absolute
     *       for MAE) over the mean's must be above 0 ({@link RegressionMetrics.ErrorGain}).</li>
     *   <li><b>Champion test.</b> On the same rows, a paired Student's t on the per-row errors
     *       ({@link PairedEvidence#ofErrors}), as classifiers' log losses are compared; the tolerance is
     *       a share of the champion's mean error on those rows (errors have the target's unit, which
     *       no fixed number fits). Refused when the upper bound on its lead is below minus that;
     *       behind by more without proof is a warning. Where the rows cannot be paired, the two
     *       versions' own holdout values of the selection metric are compared with the same relative
     *       tolerance (R² with the tolerance as points).</li>
     * </ol>
     * A regressor has no class test. A champion of the other task refuses the version: the answers'
     * shape would change under its callers, so such a change is promoted by hand.
     *
     * @param champion null when the model has no champion yet
     */
    public GateDecision judgeRegression(RegressionMetrics candidate, RegressionChampionEvidence champion) {
        List<String> warnings = new ArrayList<>();
        RegressionMetrics.ErrorGain gain = candidate.baseline();
        String baseline = format("%s %.4g (RMSE %.4g against the training mean's %.4g); a gain of %.4g in %s a row with %s lower bound "
                        + "%.4g over %d rows", candidate.metric().id().toUpperCase(Locale.ROOT), candidate.selectionValue(), candidate.rmse(),
                candidate.baselineRmse(), gain.mean(), gain.error(), LEVEL, gain.lowerBound(), gain.rows());
        if (!(gain.lowerBound() > 0)) {
            return new GateDecision(false, "not promoted (baseline test): no better than predicting the training mean: " + baseline, warnings);
        }
        if (champion == null) return new GateDecision(true, "first version to pass the gate: better than predicting the training mean: " + baseline, warnings);
        Finding against = champion.paired() != null ? pairedChampionTest(champion.paired(), warnings)
                : estimateRegressionTest(candidate, champion, warnings);
        if (!against.passed()) return new GateDecision(false, against.text(), warnings, champion.paired());
        return new GateDecision(true, "better than predicting the training mean: " + baseline + "; " + against.text(), warnings,
                champion.paired());
    }

    /**
     * The decision on a version whose task differs from the champion's: whatever its own tests said,
     * it is not promoted automatically.
     */
    public GateDecision taskChanged(GateDecision own, int championVersion, Task champion, Task candidate) {
        String reason = format("not promoted (task test): the champion v%d is a %s model and this version a %s one; callers would "
                + "get answers of another shape, so promote it by hand if the change is meant (its own tests: %s)", championVersion,
                champion.id(), candidate.id(), own.reason());
        return new GateDecision(false, reason, own.warnings());
    }

    private Finding estimateRegressionTest(RegressionMetrics candidate, RegressionChampionEvidence champion, List<String> warnings) {
        warnings.add("not compared with the champion on the same rows: " + champion.whyUnpaired()
                + "; the two versions' own holdout estimates were compared instead");
        RegressionMetric metric = candidate.metric();
        double mine = candidate.selectionValue(), theirs = valueOf(champion.metrics(), metric);
        boolean worse = metric.higherIsBetter() ? mine < theirs - tolerance : mine > theirs * (1 + tolerance);
        String evidence = format("%s %.4g against the champion v%d's %.4g (tolerance %s)", metric.id().toUpperCase(Locale.ROOT), mine,
                champion.version(), theirs, metric.higherIsBetter() ? format("%.4f", tolerance) : percent(tolerance) + " of the champion's");
        return worse ? new Finding(false, "not promoted (champion test): " + evidence) : new Finding(true, evidence);
    }

    private static double valueOf(RegressionMetrics metrics, RegressionMetric metric) {
        return switch (metric) {
            case RMSE -> metrics.rmse();
            case MAE -> metrics.mae();
            case R2 -> metrics.r2();
        };
    }

    /** Whether a test passed, and either the refusal or what passed it. */
    private record Finding(boolean passed, String text) {}

    private static Finding classTest(EvaluationMetrics candidate, List<String> warnings) {
        List<String> unpredicted = new ArrayList<>();
        for (int c = 0; c < candidate.classes().size(); c++) {
            if (candidate.predictedPerClass()[c] > 0) continue;
            int rows = Arrays.stream(candidate.confusionMatrix()[c]).sum();
            String finding = format("the model never predicts class '%s', though %d evaluated rows are of it (recall's %s upper bound %s)",
                    candidate.classes().get(c), rows, LEVEL, percent(1 - Math.pow(1 - CONFIDENCE, 1.0 / rows)));
            if (rows >= ROWS_TO_REFUSE) unpredicted.add(finding);
            else warnings.add(finding + format(": too few rows to refuse it, which takes %d", ROWS_TO_REFUSE));
        }
        if (unpredicted.isEmpty()) return new Finding(true, "");
        return new Finding(false, format("not promoted (class test): %s, below %.0f%%", String.join("; ", unpredicted), MAX_RECALL_BOUND * 100));
    }

    private static Finding baselineTest(EvaluationMetrics candidate, List<String> warnings) {
        if (candidate.baseline() == null) {
            warnings.add("the report has no baseline evidence (an older trainer wrote it): judged by ROC AUC above 0.5 alone");
            return candidate.rocAuc() > 0.5
                    ? new Finding(true, format("ROC AUC %.4f above chance", candidate.rocAuc()))
                    : new Finding(false, format("not promoted (chance test): ROC AUC %.4f is no better than chance", candidate.rocAuc()));
        }
        BaselineEvidence.LogLossGain gain = candidate.baseline().logLossGain();
        BaselineEvidence.RocAucBound auc = candidate.baseline().rocAuc();
        boolean gainClears = gain.lowerBound() > 0;
        boolean aucClears = auc != null && auc.lowerBound() > 0.5;
        String evidence = format("log loss %.4f against the class shares' %.4f, a gain of %.4f a row with %s lower bound %.4f over %d rows",
                candidate.logLoss(), candidate.logLoss() + gain.mean(), gain.mean(), LEVEL, gain.lowerBound(), gain.rows());
        if (auc != null) {
            evidence += format("; ROC AUC %.4f with %s lower bound %.4f (%d positives, %d negatives)",
                    candidate.rocAuc(), LEVEL, auc.lowerBound(), auc.positives(), auc.negatives());
        }
        if (!gainClears && !aucClears) {
            return new Finding(false, "not promoted (baseline test): no better than predicting the evaluated rows' class shares: " + evidence);
        }
        if (!gainClears) {
            warnings.add(format("its log loss is not shown to beat the class shares' (the gain's %s lower bound %.4f is not above 0): "
                    + "it ranks rows better than chance, but its probabilities may be poorly calibrated", LEVEL, gain.lowerBound()));
        }
        return new Finding(true, "better than predicting the evaluated rows' class shares: " + evidence);
    }

    /** Numbers with a decimal point whatever the JVM's locale: the reasons are stored and shown as they are. */
    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String percent(double fraction) {
        return format("%.1f%%", fraction * 100);
    }
}
