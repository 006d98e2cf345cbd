package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model's live windows are judged, under {@code "monitoring"} in its config.json; every key
 * is optional and the defaults are documented in the README ("Monitoring").
 *
 * @param driftPsi       a feature or the predicted probabilities drifting by a population stability
 *                       index of at least this makes a window {@code drifting} (default 0.25, the
 *                       usual reading of a major shift: {@link DatasetDrift.Reading})
 * @param minPredictions fewer predictions than this in a window and drift is not judged (default 100:
 *                       below it the index of ten bins moves by chance alone)
 * @param maxMetricDrop  a classifier's live accuracy or ROC AUC below the holdout's by more than this
 *                       makes a window {@code degraded} (default 0.05)
 * @param maxErrorRise   a regressor's live RMSE or MAE above the holdout's by more than this share of it
 *                       makes a window {@code degraded} (default 0.10: errors in the target's unit
 *                       have no scale of their own, so the tolerance is relative)
 * @param minLabelled    fewer labelled predictions than this and quality is not judged (default 50)
 * @param retrainOnFeedback train a new version from feedback once enough has come (default false)
 * @param retrainMinLabelled labelled predictions since the last dataset made from feedback that make
 *                       the next one (default 500: a holdout of 100 rows, where the gate's bounds
 *                       begin to mean something for a minority class of a few percent)
 * @param retrainWith    what the new dataset holds: {@value #WITH_TRAINING} (the champion's training
 *                       data and the labelled predictions, the default) or {@value #FEEDBACK_ONLY}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringSettings(Double driftPsi, Integer minPredictions, Double maxMetricDrop, Double maxErrorRise, Integer minLabelled,
                                 Boolean retrainOnFeedback, Integer retrainMinLabelled, String retrainWith) {
    public static final String WITH_TRAINING = "feedback-and-training";
    public static final String FEEDBACK_ONLY = "feedback";
    public static final MonitoringSettings DEFAULTS = new MonitoringSettings(null, null, null, null, null, null, null, null);

    public MonitoringSettings {
        if (driftPsi == null) driftPsi = DatasetDrift.MAJOR_PSI;
        if (minPredictions == null) minPredictions = 100;
        if (maxMetricDrop == null) maxMetricDrop = 0.05;
        if (maxErrorRise == null) maxErrorRise = 0.10;
        if (minLabelled == null) minLabelled = 50;
        if (retrainOnFeedback == null) retrainOnFeedback = false;
        if (retrainMinLabelled == null) retrainMinLabelled = 500;
        if (retrainWith == null) retrainWith = WITH_TRAINING;
    }

    /** What is wrong with these settings, one sentence per key, named as config.json names them. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!(driftPsi > 0)) problems.add("monitoring.driftPsi: must be above 0, got " + driftPsi);
        if (minPredictions < 1) problems.add("monitoring.minPredictions: must be at least 1, got " + minPredictions);
        if (!(maxMetricDrop > 0 && maxMetricDrop < 1)) problems.add("monitoring.maxMetricDrop: must be between 0 and 1, got " + maxMetricDrop);
        if (!(maxErrorRise > 0)) problems.add("monitoring.maxErrorRise: must be above 0, got " + maxErrorRise);
        if (minLabelled < 1) problems.add("monitoring.minLabelled: must be at least 1, got " + minLabelled);
        if (retrainMinLabelled < 1) problems.add("monitoring.retrainMinLabelled: must be at least 1, got " + retrainMinLabelled);
        if (!List.of(WITH_TRAINING, FEEDBACK_ONLY).contains(retrainWith)) {
            problems.add("monitoring.retrainWith: must be '" + WITH_TRAINING + "' or '" + FEEDBACK_ONLY + "', got '" + retrainWith + "'");
        }
        return problems;
    }
}
