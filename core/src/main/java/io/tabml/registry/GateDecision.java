package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.PairedEvidence;
import java.util.List;

/**
 * The quality gate's verdict on a new version: promoted or not; why (the test that refused it, with
 * its numbers, or the evidence that passed it); and what it found that did not block it. Decisions
 * stored before the gate gave warnings read with none.
 *
 * @param championComparison the new version against the champion on the same rows, when there was a
 *                           champion and the two could be compared so (null otherwise, and in
 *                           decisions stored before the gate compared on the same rows)
 */
public record GateDecision(boolean promote, String reason, List<String> warnings,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PairedEvidence championComparison) {
    public GateDecision {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public GateDecision(boolean promote, String reason, List<String> warnings) {
        this(promote, reason, warnings, null);
    }
}
