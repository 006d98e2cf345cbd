package io.tabml.training;

import io.tabml.ingest.InputSchema;

/**
 * Everything a prediction needs, in one serialisable object: the input schema, the fitted
 * encoder, the classifier and the decision threshold. Class indices follow
 * {@code schema.classes()}. The format version changes whenever the serialised shape does.
 */
public final class ModelPipeline implements Pipeline {
    private static final long serialVersionUID = 2L;
    public static final int FORMAT_VERSION = 2;

    private final int formatVersion;
    private final InputSchema schema;
    private final FeatureEncoder encoder;
    private final ProbabilisticClassifier classifier;
    private final String algorithm;
    private final double threshold;

    public ModelPipeline(InputSchema schema, FeatureEncoder encoder, ProbabilisticClassifier classifier, String algorithm,
                         double threshold) {
        this.formatVersion = FORMAT_VERSION; // assigned here, not inline, so a stored artifact's own value is read back
        this.schema = schema;
        this.encoder = encoder;
        this.classifier = classifier;
        this.algorithm = algorithm;
        this.threshold = threshold;
    }

    @Override
    public InputSchema schema() {
        return schema;
    }

    @Override
    public int formatVersion() {
        return formatVersion;
    }

    @Override
    public int expectedFormatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    public double threshold() {
        return threshold;
    }

    FeatureEncoder encoder() {
        return encoder;
    }

    /** Class probabilities for one raw row (see {@link FeatureEncoder} for the row's shape). */
    public double[] probabilities(Object[] row) {
        return classifier.probabilities(encoder.encode(row));
    }

    /**
     * How much each input moved this row's prediction: the probability of the predicted class
     * minus what it would be with that input at its training baseline (the median the encoder
     * imputes with, or the most frequent training category: {@link FeatureEncoder#baseline}),
     * largest effects first. Model-agnostic, so it reads the same for every algorithm.
     */
    public java.util.List<Contribution> contributions(Object[] row, int top) {
        double[] probabilities = probabilities(row);
        int predicted = decide(probabilities);
        java.util.List<Contribution> result = new java.util.ArrayList<>();
        for (int j = 0; j < row.length; j++) {
            Object baseline = encoder.baseline(j);
            if (java.util.Objects.equals(baseline, row[j])) continue;
            Object[] changed = row.clone();
            changed[j] = baseline;
            result.add(new Contribution(schema.features().get(j).name(), row[j],
                    probabilities[predicted] - probabilities(changed)[predicted]));
        }
        result.sort(java.util.Comparator.comparingDouble((Contribution c) -> Math.abs(c.contribution())).reversed());
        return result.subList(0, Math.min(top, result.size()));
    }

    /** An input's value and its effect on the probability of the predicted class. */
    public record Contribution(String feature, Object value, double contribution) {}

    /** The predicted class index: the positive class at or above the threshold for two classes, else the likeliest. */
    public int decide(double[] probabilities) {
        if (probabilities.length == 2) {
            int positive = schema.classes().indexOf(schema.positiveClass());
            return probabilities[positive] >= threshold ? positive : 1 - positive;
        }
        return Metrics.argmax(probabilities);
    }
}
