package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * inputs and probabilities (a classifier) or predicted value (a regressor) are counted into the
 * version's {@link DriftReference} bins as they come (so a window of any size takes the same memory),
 * and rows whose actual class is known are kept to score the model live (a regressor's errors are
 * summed as they come). {@link #summary()} reads the window: traffic, missing and unseen values per
 * feature, drift per feature and of the predictions, and, where labels exist, the live metrics next
 * to the holdout's.
 */
public final class LiveWindow {
    /**
     * The most labelled rows kept for the live metrics; later ones replace kept ones at random
     * (reservoir sampling), so the metrics stay an unbiased sample of the window's labelled rows.
     */
    static final int MAX_LABELLED = 100_000;

    private final DriftReference reference;
    private final EvaluationMetrics holdout;
    private final RegressionMetrics regressionHoldout;
    private final long[][] featureCounts;
    private final long[][] probabilityCounts;
    private final long[] predictionCounts;
    private final Errors errors = new Errors();
    private final List<int[]> truthAndLabel = new ArrayList<>();
    private final List<double[]> labelledProbabilities = new ArrayList<>();
    private final Random reservoir = new Random(17);
    private long rows;
    private long labelled;

    /** A classifier's window; {@code holdout} is the version's own evaluation, which the live metrics are read against. */
    public LiveWindow(DriftReference reference, EvaluationMetrics holdout) {
        this(reference, holdout, null);
    }

    /** A regressor's window; {@code holdout} is the version's own evaluation, which the live errors are read against. */
    public LiveWindow(DriftReference reference, RegressionMetrics holdout) {
        this(reference, null, holdout);
    }

    private LiveWindow(DriftReference reference, EvaluationMetrics holdout, RegressionMetrics regressionHoldout) {
        this.reference = reference;
        this.holdout = holdout;
        this.regressionHoldout = regressionHoldout;
        featureCounts = reference.features().stream().map(f -> new long[f.bins()]).toArray(long[][]::new);
        probabilityCounts = reference.probabilities().stream().map(f -> new long[f.bins()]).toArray(long[][]::new);
        predictionCounts = reference.prediction() == null ? null : new long[reference.prediction().bins()];
    }

    /**
     * Counts one prediction.
     *
     * @param input         the row as the model read it: feature name to a number, a category, or null
     * @param probabilities every class's probability; null for a regressor
     * @param label         the class the model answered, or a regressor's value as text
     * @param actual        the class (or value) it turned out to be, or null while unknown
     */
    public void add(Map<String, ?> input, Map<String, Double> probabilities, String label, String actual) {
        rows++;
        for (int j = 0; j < featureCounts.length; j++) {
            var feature = reference.features().get(j);
            featureCounts[j][feature.bin(input.get(feature.name()))]++;
        }
        if (regressionHoldout != null) {
            addValue(label, actual);
            return;
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

    /** A regressor's answer: its value counted into the prediction histogram, its error when the true value is known. */
    private void addValue(String label, String actual) {
        double predicted = Double.parseDouble(label);
        predictionCounts[reference.prediction().bin(predicted)]++;
        if (actual == null) return;
        double truth = Double.parseDouble(actual);
        var interval = regressionHoldout.interval();
        errors.add(truth, predicted, truth >= predicted + interval.low() && truth <= predicted + interval.high());
    }

    /**
     * What the window shows; null parts where it had no rows (no drift to read) or no labels.
     * {@code probabilities} and {@code live} are a classifier's; {@code prediction} and
     * {@code liveRegression} a regressor's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(long predictions, List<FeatureWindow> features, List<DatasetDrift.FeatureShift> probabilities, Live live,
                          DatasetDrift.FeatureShift prediction, LiveRegression liveRegression) {
        /** A window that had no predictions. */
        public static Summary empty() {
            return new Summary(0, null, null, null, null, null);
        }

        /** The window's predictions that have a true class or value. */
        @JsonIgnore
        public long labelledRows() {
            return live != null ? live.labelled() : liveRegression != null ? liveRegression.labelled() : 0;
        }
    }

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

    /**
     * A regressor scored on the window's labelled rows, and its holdout's figures beside them. The
     * lower bounds are one-sided 95% from the normal approximation to the mean of the rows' squared
     * (RMSE) and absolute (MAE) errors: above the holdout's figure by more than a tolerance, the
     * labelled rows show the model worse, not merely a sample that looks worse.
     *
     * @param r2               against the window's own mean of true values; null below 2 labelled
     *                         rows or when they are all equal
     * @param intervalCoverage the share of true values inside the served prediction interval
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveRegression(long labelled, double rmse, double rmseLowerBound, double mae, double maeLowerBound, Double r2,
                                 double intervalCoverage, RegressionHoldout holdout) {}

    /** The regressor's holdout figures the live ones are read against. */
    public record RegressionHoldout(double rmse, double mae, double r2, double intervalCoverage) {}

    public Summary summary() {
        if (rows == 0) return Summary.empty();
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
        if (regressionHoldout != null) {
            var shift = reference.prediction().compare(predictionCounts);
            var prediction = new DatasetDrift.FeatureShift(DriftReference.PREDICTED_VALUE, DatasetDrift.Reading.of(shift.psi()), shift.psi(),
                    shift.pValue(), null);
            return new Summary(rows, features, null, null, prediction, errors.live(regressionHoldout));
        }
        return new Summary(rows, features, probabilities, live(), null, null);
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

    /** A regressor's labelled rows, summed as they come: the errors' moments, the true values', and the interval's hits. */
    private static final class Errors {
        private final Moments squared = new Moments(), absolute = new Moments(), truth = new Moments();
        private long covered;

        void add(double actual, double predicted, boolean inInterval) {
            double error = actual - predicted;
            squared.add(error * error);
            absolute.add(Math.abs(error));
            truth.add(actual);
            if (inInterval) covered++;
        }

        LiveRegression live(RegressionMetrics holdout) {
            long n = squared.count;
            if (n == 0) return null;
            double mse = squared.mean, mseLow = mse - Z * squared.standardError();
            double sst = truth.sumOfSquares();
            Double r2 = n < 2 || sst == 0 ? null : 1 - mse * n / sst;
            return new LiveRegression(n, Math.sqrt(mse), Math.sqrt(Math.max(0, mseLow)), absolute.mean,
                    Math.max(0, absolute.mean - Z * absolute.standardError()), r2, (double) covered / n,
                    new RegressionHoldout(holdout.rmse(), holdout.mae(), holdout.r2(), holdout.interval().coverage()));
        }
    }

    /** A running mean and sum of squared deviations (Welford's), stable where sums of squares are not. */
    private static final class Moments {
        private long count;
        private double mean, deviations;

        void add(double x) {
            count++;
            double before = x - mean;
            mean += before / count;
            deviations += before * (x - mean);
        }

        double sumOfSquares() {
            return deviations;
        }

        /** The mean's standard error from the sample standard deviation; 0 with one value. */
        double standardError() {
            return count < 2 ? 0 : Math.sqrt(deviations / (count - 1) / count);
        }
    }
}
