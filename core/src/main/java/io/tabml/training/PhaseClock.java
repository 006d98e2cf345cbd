package io.tabml.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** How long each phase of a training run took, in the order the phases ran (for the latency breakdown). */
final class PhaseClock {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private String current;
    private long since;

    /** Ends the running phase, if any, and starts {@code phase}. */
    void start(String phase) {
        stop();
        current = phase;
        since = System.nanoTime();
    }

    /** Ends the running phase and returns every phase's seconds, rounded to milliseconds. */
    Map<String, Double> stop() {
        if (current != null) seconds.merge(current, Math.round((System.nanoTime() - since) / 1e6) / 1e3, Double::sum);
        current = null;
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }
}
