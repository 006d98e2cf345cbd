package io.tabml.training;

import static io.tabml.training.BaselineEvidence.CONFIDENCE;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import smile.math.MathEx;
import smile.stat.distribution.TDistribution;

/**
 * How a regressor did on rows it was not trained on (its holdout): RMSE, MAE and R² in the
 * target's unit, MAPE where no true value is zero, how the prediction interval covered the rows,
 * the evidence that it beats predicting the training mean, and a sample of (actual, predicted)
 * pairs for plots of residuals and of predicted against actual.
 *
 * @param rows          the rows scored
 * @param trainingMean  the training rows' mean: the constant prediction the baseline test compares with
 * @param baselineRmse  the RMSE of predicting {@code trainingMean} on these rows
 * @param mape          mean absolute percentage error, as a fraction; null when some true value is 0 (it is undefined)
 * @param baseline      the per-row gain in the selection metric's error over the training mean ({@link ErrorGain})
 * @param interval      the prediction interval and how often it held the true value here
 * @param sample        at most {@value #MAX_SAMPLE} (actual, predicted) pairs, a seeded random sample of the rows
 */
public record RegressionMetrics(int rows, RegressionMetric metric, double trainingMean, double rmse, double mae, double r2,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Double mape, double baselineRmse, ErrorGain baseline,
                                Interval interval, List<Point> sample) {
    public static final int MAX_SAMPLE = 1000;

    /**
     * The per-row error of predicting the training mean minus the model's (squared error for RMSE and
     * R², absolute for MAE: {@link RegressionMetric#rowError}): its mean, sample standard deviation,
     * rows, and the mean's one-sided 95% lower bound by Student's t. Above 0, the rows show the model
     * beats the mean.
     */
    public record ErrorGain(String error, int rows, double mean, double sd, double lowerBound) {
        static ErrorGain of(RegressionMetric metric, double[] gains) {
            double mean = MathEx.mean(gains), sd = Math.sqrt(MathEx.var(gains));
            double t = new TDistribution(gains.length - 1).quantile(CONFIDENCE);
            return new ErrorGain(metric == RegressionMetric.MAE ? "absolute error" : "squared error", gains.length, mean, sd,
                    mean - t * sd / Math.sqrt(gains.length));
        }
    }

    /**
     * The interval: {@code [prediction + low, prediction + high]}, the out-of-fold residuals'
     * {@code lowQuantile} and {@code highQuantile} quantiles ({@link RegressionPipeline}), and the share
     * of these rows whose true value fell inside it.
     */
    public record Interval(double lowQuantile, double highQuantile, double low, double high, double coverage) {}

    /** A row's true and predicted value. */
    public record Point(double actual, double predicted) {}

    static RegressionMetrics of(double[] truth, double[] predicted, double trainingMean, RegressionMetric metric, double intervalLow,
                                double intervalHigh, long seed) {
        double[] constant = new double[truth.length];
        Arrays.fill(constant, trainingMean);
        double[] gains = new double[truth.length];
        int covered = 0;
        for (int i = 0; i < truth.length; i++) {
            gains[i] = metric.rowError(truth[i], trainingMean) - metric.rowError(truth[i], predicted[i]);
            double residual = truth[i] - predicted[i];
            if (residual >= intervalLow && residual <= intervalHigh) covered++;
        }
        var interval = new Interval(RegressionPipeline.INTERVAL_LOW_QUANTILE, RegressionPipeline.INTERVAL_HIGH_QUANTILE, intervalLow,
                intervalHigh, (double) covered / truth.length);
        return new RegressionMetrics(truth.length, metric, trainingMean, rmse(truth, predicted), mae(truth, predicted), r2(truth, predicted),
                mape(truth, predicted), rmse(truth, constant), ErrorGain.of(metric, gains), interval, sample(truth, predicted, seed));
    }

    /** The value of the metric selection optimised, as reported here. */
    public double selectionValue() {
        return switch (metric) {
            case RMSE -> rmse;
            case MAE -> mae;
            case R2 -> r2;
        };
    }

    static double rmse(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) sum += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
        return Math.sqrt(sum / truth.length);
    }

    static double mae(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) sum += Math.abs(truth[i] - predicted[i]);
        return sum / truth.length;
    }

    /** 1 - SSE / SST around the rows' own mean; 0 when the rows' values are all alike and predicted exactly, else negative infinity there. */
    static double r2(double[] truth, double[] predicted) {
        double mean = MathEx.mean(truth), sse = 0, sst = 0;
        for (int i = 0; i < truth.length; i++) {
            sse += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            sst += (truth[i] - mean) * (truth[i] - mean);
        }
        if (sst == 0) return sse == 0 ? 0 : Double.NEGATIVE_INFINITY;
        return 1 - sse / sst;
    }

    private static Double mape(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == 0) return null;
            sum += Math.abs((truth[i] - predicted[i]) / truth[i]);
        }
        return sum / truth.length;
    }

    /** The q-quantile of the values, linearly interpolated between order statistics (R's type 7, numpy's default). */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static List<Point> sample(double[] truth, double[] predicted, long seed) {
        int[] order = java.util.stream.IntStream.range(0, truth.length).toArray();
        if (order.length > MAX_SAMPLE) {
            Random random = new Random(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[k];
                order[k] = swap;
            }
            order = Arrays.copyOf(order, MAX_SAMPLE);
            Arrays.sort(order);
        }
        List<Point> points = new ArrayList<>(order.length);
        for (int i : order) points.add(new Point(truth[i], predicted[i]));
        return points;
    }
}
