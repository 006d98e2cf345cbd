package io.tabml.registry;

import java.util.List;

/**
 * The quality gate's verdict on a new version: promoted or not; why (the test that refused it, with
 * its numbers, or the evidence that passed it); and what it found that did not block it. Decisions
 * stored before the gate gave warnings read with none.
 */
public record GateDecision(boolean promote, String reason, List<String> warnings) {
    public GateDecision {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
