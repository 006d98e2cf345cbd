package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.ingest.FeatureType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import smile.stat.distribution.GaussianDistribution;

/**
 * One version's live predictions in a window of time, against what it was trained on: each row's
 * inputs and probabilities are counted into the version's {@link DriftReference} bins as they come
 * (so a window of any size takes the same memory), and rows whose actual class is known are kept to
 * score the model live. {@link #summary()} reads the window: traffic, missing and unseen values per
 * feature, drift per feature and of the predicted probabilities, and, where labels exist, the live
 * metrics next to the holdout's.
 */
public final class LiveWindow {
    /**
     * The most labelled rows kept for the live metrics; later ones replace kept ones at random
     * (reservoir sampling), so the metrics stay an unbiased sample of the window's labelled rows.
     */
    static final int MAX_LABELLED = 100_000;

    private final DriftReference reference;
    private final EvaluationMetrics holdout;
    private final long[][] featureCounts;
    private final long[][] probabilityCounts;
    private final List<int[]> truthAndLabel = new ArrayList<>();
    private final List<double[]> labelledProbabilities = new ArrayList<>();
    private final Random reservoir = new Random(17);
    private long rows;
    private long labelled;

    /** @param holdout the version's own evaluation, which the live metrics are read against */
    public LiveWindow(DriftReference reference, EvaluationMetrics holdout) {
        this.reference = reference;
        this.holdout = holdout;
        featureCounts = reference.features().stream().map(f -> new long[f.bins()]).toArray(long[][]::new);
        probabilityCounts = reference.probabilities().stream().map(f -> new long[f.bins()]).toArray(long[][]::new);
    }

    /**
     * Counts one prediction.
     *
     * @param input         the row as the model read it: feature name to a number, a category, or null
     * @param probabilities every class's probability
     * @param label         the class the model answered
     * @param actual        the class it turned out to be, or null while unknown
     */
    public void add(Map<String, ?> input, Map<String, Double> probabilities, String label, String actual) {
        rows++;
        for (int j = 0; j < featureCounts.length; j++) {
            var feature = reference.features().get(j);
            featureCounts[j][feature.bin(input.get(feature.name()))]++;
        }
        List<String> classes = holdout.classes();
        for (int j = 0; j < probabilityCounts.length; j++) {
            var histogram = reference.probabilities().get(j);
            probabilityCounts[j][histogram.bin(probabilities.get(histogram.name().substring(DriftReference.PROBABILITY_OF.length())))]++;
        }
        int truth = actual == null ? -1 : classes.indexOf(actual);
        if (truth < 0) return;
        labelled++;
        double[] p = classes.stream().mapToDouble(c -> probabilities.getOrDefault(c, 0.0)).toArray();
        int answered = classes.indexOf(label);
        int[] pair = {truth, answered >= 0 ? answered : Metrics.argmax(p)};
        if (truthAndLabel.size() < MAX_LABELLED) {
            truthAndLabel.add(pair);
            labelledProbabilities.add(p);
        } else {
            long slot = (long) (reservoir.nextDouble() * labelled);
            if (slot < MAX_LABELLED) {
                truthAndLabel.set((int) slot, pair);
                labelledProbabilities.set((int) slot, p);
            }
        }
    }

    /** What the window shows; null parts where it had no rows (no drift to read) or no labels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(long predictions, List<FeatureWindow> features, List<DatasetDrift.FeatureShift> probabilities, Live live) {}

    /**
     * A feature in the window: the shares of its rows that were missing and (for a category) of a
     * category the model does not know, and its shift from the training rows.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureWindow(String feature, double missingShare, Double unseenShare, DatasetDrift.Reading reading, double psi,
                                double pValue) {}

    /**
     * The model scored on the window's labelled rows (a random sample of {@value #MAX_LABELLED} of
     * more), and the holdout's figures beside them. {@code metrics} is null until the labelled rows
     * hold every class: ROC AUC and F1 mean nothing without. The upper bounds are one-sided 95%
     * ({@link BaselineEvidence#CONFIDENCE}): accuracy's from the normal approximation to the binomial,
     * ROC AUC's (two classes) from its Hanley-McNeil standard error; below the holdout's figure by more
     * than a tolerance, the labelled rows show the model worse, not merely a sample that looks worse.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Live(long labelled, double accuracy, double accuracyUpperBound, EvaluationMetrics metrics, Double rocAucUpperBound,
                       Holdout holdout) {
        /** A window's labelled rows as the monitoring rules read them. */
        public Live(long labelled, double accuracy, EvaluationMetrics metrics, Holdout holdout) {
            this(labelled, accuracy, accuracy + Z * Math.sqrt(accuracy * (1 - accuracy) / labelled), metrics,
                    metrics == null || metrics.baseline() == null || metrics.baseline().rocAuc() == null ? null
                            : metrics.rocAuc() + Z * metrics.baseline().rocAuc().standardError(), holdout);
        }
    }

    /** The one-sided {@link BaselineEvidence#CONFIDENCE} quantile of the normal distribution. */
    private static final double Z = GaussianDistribution.getInstance().quantile(BaselineEvidence.CONFIDENCE);

    /** The holdout's figures the live ones are read against. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holdout(double accuracy, double rocAuc, double f1, double logLoss, Double calibrationError) {}

    public Summary summary() {
        if (rows == 0) return new Summary(0, null, null, null);
        List<FeatureWindow> features = new ArrayList<>();
        for (int j = 0; j < featureCounts.length; j++) {
            var feature = reference.features().get(j);
            long[] counts = featureCounts[j];
            var shift = feature.compare(counts);
            Double unseen = feature.type() == FeatureType.CATEGORICAL ? (double) counts[counts.length - 2] / rows : null;
            features.add(new FeatureWindow(feature.name(), (double) counts[counts.length - 1] / rows, unseen,
                    DatasetDrift.Reading.of(shift.psi()), shift.psi(), shift.pValue()));
        }
        features.sort(Comparator.comparingDouble(FeatureWindow::psi).reversed());
        List<DatasetDrift.FeatureShift> probabilities = new ArrayList<>();
        for (int j = 0; j < probabilityCounts.length; j++) {
            var histogram = reference.probabilities().get(j);
            var shift = histogram.compare(probabilityCounts[j]);
            probabilities.add(new DatasetDrift.FeatureShift(histogram.name(), DatasetDrift.Reading.of(shift.psi()), shift.psi(), shift.pValue(), null));
        }
        return new Summary(rows, features, probabilities, live());
    }

    private Live live() {
        if (labelled == 0) return null;
        int n = truthAndLabel.size();
        int[] truth = new int[n], predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = truthAndLabel.get(i)[0];
            predicted[i] = truthAndLabel.get(i)[1];
        }
        var theirs = new Holdout(holdout.accuracy(), holdout.rocAuc(), holdout.f1(), holdout.logLoss(), holdout.calibrationError());
        List<String> classes = holdout.classes();
        boolean everyClass = Arrays.stream(Splits.classCounts(truth, classes.size())).allMatch(count -> count > 0);
        EvaluationMetrics metrics = everyClass ? EvaluationMetrics.of(truth, labelledProbabilities.toArray(double[][]::new), predicted,
                classes, holdout.positiveClass(), holdout.threshold(), holdout.thresholdReason()) : null;
        return new Live(labelled, Metrics.accuracy(truth, predicted), metrics, theirs);
    }
}
