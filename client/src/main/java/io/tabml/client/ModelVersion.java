package io.tabml.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/models/{model}/versions/{n}}: one version's metrics, how they were measured, its
 * schema, where it came from and the quality gate's decision. The API's document has more (the
 * model selection's candidates, the ROC curve); this is what a client reads.
 *
 * @param metrics    a classifier's; null for a regressor
 * @param regression a regressor's metrics; null for a classifier
 */
public record ModelVersion(String model, int version, String algorithm, Metrics metrics, Evaluation evaluation,
                           List<FeatureImportance> featureImportance, InputSchema schema, int rows, int trainRows,
                           String trainerVersion, Instant startedAt, Instant endedAt, String artifactSha256,
                           long artifactBytes, Lineage lineage, Instant registeredAt, GateDecision gate, Regression regression) {
    public ModelVersion {
        featureImportance = featureImportance == null ? List.of() : featureImportance;
    }

    /** A regressor's holdout metrics. */
    public record Regression(RegressionMetrics metrics) {}

    /**
     * A regressor's errors on its holdout, in the target's unit; {@code mape} is null where a true
     * value is 0; the prediction interval is {@code [prediction + low, prediction + high]}.
     */
    public record RegressionMetrics(int rows, double rmse, double mae, double r2, Double mape, double baselineRmse, Interval interval) {}

    /** The residual quantiles the interval is made of, and the share of holdout rows it held. */
    public record Interval(double lowQuantile, double highQuantile, double low, double high, double coverage) {}

    /**
     * The evaluation metrics; for two classes precision, recall and F1 are the positive class's.
     * {@code confusionMatrix[actual][predicted]} follows {@code classes}.
     */
    public record Metrics(int holdoutRows, List<String> classes, String positiveClass, double threshold, String thresholdReason,
                          double accuracy, double precision, double recall, double f1, double rocAuc, double prAuc,
                          double logLoss, int[][] confusionMatrix) {}

    /** How the metrics were measured: {@code holdout}, {@code test-file} or {@code repeated-cv}; null in old reports (holdouts). */
    public record Evaluation(String method, int rows, String reason) {}

    /** The drop in the selection metric when the feature is shuffled (mean, and its spread). */
    public record FeatureImportance(String feature, double importance, Double spread) {}

    /** The data, settings and job a version came from. */
    public record Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows,
                          Map<String, Object> config, String jobId, String backend) {}

    /** Whether the quality gate promoted the version, why, and what it noticed without refusing it. */
    public record GateDecision(boolean promote, String reason, List<String> warnings) {
        public GateDecision {
            warnings = warnings == null ? List.of() : warnings;
        }
    }
}
