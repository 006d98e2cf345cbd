package io.tabml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A live window's verdict: {@code degraded} when its labelled predictions show the model scoring
 * below the holdout by more than the model's tolerance (the live figure's one-sided 95% upper bound is
 * below the holdout's minus the tolerance, so a small labelled sample that merely looks worse does
 * not raise it), else {@code drifting} when a feature or the predicted
 * probabilities moved past its drift threshold, else {@code ok}; the reasons name what was found,
 * with numbers, and what could not be judged for want of rows.
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
            window.probabilities().stream().filter(p -> p.psi() >= settings.driftPsi()).forEach(p -> drifting.add(
                    format("the predicted %s drifted: population stability index %.3f (threshold %.2f)", p.feature(), p.psi(), settings.driftPsi())));
        }
        var live = window.live();
        long labelled = live == null ? 0 : live.labelled();
        if (labelled < settings.minLabelled()) {
            notes.add(format("%d labelled predictions, fewer than the %d quality is judged on", labelled, settings.minLabelled()));
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

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
