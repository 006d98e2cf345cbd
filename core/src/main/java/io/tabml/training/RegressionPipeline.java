package io.tabml.training;

import io.tabml.ingest.InputSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything a regression prediction needs, in one serialisable object: the input schema, the
 * fitted encoder, the regressor, the target transform it was fitted on, and the prediction
 * interval's offsets. The format version changes whenever the serialised shape does.
 *
 * <p><b>The interval</b> is the point prediction plus the {@value #INTERVAL_LOW_QUANTILE} and
 * {@value #INTERVAL_HIGH_QUANTILE} quantiles of the chosen configuration's out-of-fold residuals
 * (true minus predicted, in the target's unit, from the cross-validation that chose it): about 90% of
 * rows like the training rows fall inside it. It is as wide for every row; a row unlike the training
 * rows may fall outside more often.
 */
public final class RegressionPipeline implements Pipeline {
    private static final long serialVersionUID = 1L;
    public static final int FORMAT_VERSION = 1;
    public static final double INTERVAL_LOW_QUANTILE = 0.05;
    public static final double INTERVAL_HIGH_QUANTILE = 0.95;

    private final int formatVersion;
    private final InputSchema schema;
    private final FeatureEncoder encoder;
    private final Regressor regressor;
    private final TargetTransform transform;
    private final String algorithm;
    private final double intervalLow;
    private final double intervalHigh;

    /**
     * @param intervalLow  added to a prediction for the interval's lower end (a residual quantile, usually negative)
     * @param intervalHigh added to a prediction for the interval's upper end
     */
    public RegressionPipeline(InputSchema schema, FeatureEncoder encoder, Regressor regressor, TargetTransform transform, String algorithm,
                              double intervalLow, double intervalHigh) {
        this.formatVersion = FORMAT_VERSION; // assigned here, not inline, so a stored artifact's own value is read back
        this.schema = schema;
        this.encoder = encoder;
        this.regressor = regressor;
        this.transform = transform;
        this.algorithm = algorithm;
        this.intervalLow = intervalLow;
        this.intervalHigh = intervalHigh;
    }

    @Override
    public InputSchema schema() {
        return schema;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public int formatVersion() {
        return formatVersion;
    }

    @Override
    public int expectedFormatVersion() {
        return FORMAT_VERSION;
    }

    public TargetTransform transform() {
        return transform;
    }

    /** The predicted value of one raw row (see {@link FeatureEncoder} for the row's shape), in the target's unit. */
    public double predict(Object[] row) {
        return transform.invert(regressor.predict(encoder.encode(row)));
    }

    /** The prediction interval around a prediction: {@code [prediction + low quantile, prediction + high quantile]}. */
    public double[] interval(double prediction) {
        return new double[] {prediction + intervalLow, prediction + intervalHigh};
    }

    /**
     * How much each input moved this row's prediction, in the target's unit: the prediction minus
     * what it would be with that input at its training baseline ({@link FeatureEncoder#baseline}),
     * largest effects first; the same model-agnostic measure classifiers give for a probability.
     */
    public List<ModelPipeline.Contribution> contributions(Object[] row, int top) {
        double prediction = predict(row);
        List<ModelPipeline.Contribution> result = new ArrayList<>();
        for (int j = 0; j < row.length; j++) {
            Object baseline = encoder.baseline(j);
            if (Objects.equals(baseline, row[j])) continue;
            Object[] changed = row.clone();
            changed[j] = baseline;
            result.add(new ModelPipeline.Contribution(schema.features().get(j).name(), row[j], prediction - predict(changed)));
        }
        result.sort(Comparator.comparingDouble((ModelPipeline.Contribution c) -> Math.abs(c.contribution())).reversed());
        return result.subList(0, Math.min(top, result.size()));
    }
}
