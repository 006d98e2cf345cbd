package io.tabml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A live window's verdict: {@code degraded} when its labelled predictions show the model scoring
 * worse than on its holdout by more than the model's tolerance (a classifier: the live figure's
 * one-sided 95% upper bound is below the holdout's minus {@code maxMetricDrop}; a regressor: the live
 * error's one-sided 95% lower bound is above the holdout's plus the share {@code maxErrorRise} of it;
 * either way a small labelled sample that merely looks worse does not raise it), else
 * {@code drifting} when a feature or the predictions (probabilities or values) moved past the drift
 * threshold, else {@code ok}; the reasons name what was found, with numbers, and what could not be
 * judged for want of rows.
 */
public record WindowStatus(Status status, List<String> reasons) {
    public enum Status { ok, drifting, degraded }

    public static WindowStatus of(LiveWindow.Summary window, MonitoringSettings settings) {
        List<String> degraded = new ArrayList<>(), drifting = new ArrayList<>(), notes = new ArrayList<>();
        if (window.predictions() < settings.minPredictions()) {
            notes.add(format("%d predictions, fewer than the %d drift is judged on", window.predictions(), settings.minPredictions()));
        } else {
            window.features().stream().filter(f -> f.psi() >= settings.driftPsi()).forEach(f -> drifting.add(
                    format("feature %s drifted: population stability index %.3f (threshold %.2f)", f.feature(), f.psi(), settings.driftPsi())));
            predictions(window).filter(p -> p.getValue().psi() >= settings.driftPsi()).forEach(p -> drifting.add(
                    format("the %s drifted: population stability index %.3f (threshold %.2f)", p.getKey(), p.getValue().psi(),
                            settings.driftPsi())));
        }
        long labelled = window.labelledRows();
        var live = window.live();
        if (labelled < settings.minLabelled()) {
            notes.add(format("%d labelled predictions, fewer than the %d quality is judged on", labelled, settings.minLabelled()));
        } else if (window.liveRegression() != null) {
            degraded.addAll(regressionErrors(window.liveRegression(), settings.maxErrorRise()));
        } else {
            if (live.accuracyUpperBound() < live.holdout().accuracy() - settings.maxMetricDrop()) {
                degraded.add(format("live accuracy %.4f (95%% upper bound %.4f over %d labelled rows) against the holdout's %.4f (tolerance %.2f)",
                        live.accuracy(), live.accuracyUpperBound(), labelled, live.holdout().accuracy(), settings.maxMetricDrop()));
            }
            if (live.rocAucUpperBound() != null && live.rocAucUpperBound() < live.holdout().rocAuc() - settings.maxMetricDrop()) {
                degraded.add(format("live ROC AUC %.4f (95%% upper bound %.4f) against the holdout's %.4f (tolerance %.2f)",
                        live.metrics().rocAuc(), live.rocAucUpperBound(), live.holdout().rocAuc(), settings.maxMetricDrop()));
            }
        }
        Status status = !degraded.isEmpty() ? Status.degraded : !drifting.isEmpty() ? Status.drifting : Status.ok;
        List<String> reasons = new ArrayList<>(degraded);
        reasons.addAll(drifting);
        reasons.addAll(notes);
        return new WindowStatus(status, reasons);
    }

    /** A classifier's probability histograms ("predicted probability of ..."), or a regressor's predicted value, as reasons name them. */
    private static Stream<Map.Entry<String, DatasetDrift.FeatureShift>> predictions(LiveWindow.Summary window) {
        return window.prediction() != null ? Stream.of(Map.entry(window.prediction().feature(), window.prediction()))
                : window.probabilities().stream().map(p -> Map.entry("predicted " + p.feature(), p));
    }

    /** Where a regressor's live RMSE or MAE is shown above its holdout's by more than the tolerated share. */
    private static List<String> regressionErrors(LiveWindow.LiveRegression live, double maxRise) {
        List<String> found = new ArrayList<>();
        double rmseLimit = live.holdout().rmse() * (1 + maxRise), maeLimit = live.holdout().mae() * (1 + maxRise);
        if (live.rmseLowerBound() > rmseLimit) {
            found.add(format("live RMSE %.4g (95%% lower bound %.4g over %d labelled rows) against the holdout's %.4g (tolerance +%.0f%%)",
                    live.rmse(), live.rmseLowerBound(), live.labelled(), live.holdout().rmse(), 100 * maxRise));
        }
        if (live.maeLowerBound() > maeLimit) {
            found.add(format("live MAE %.4g (95%% lower bound %.4g over %d labelled rows) against the holdout's %.4g (tolerance +%.0f%%)",
                    live.mae(), live.maeLowerBound(), live.labelled(), live.holdout().mae(), 100 * maxRise));
        }
        return found;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
