package io.tabml.client;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/models/{model}}: the champion (null when none), the input schema of
 * {@code schemaVersion} (the champion, else the latest version), the versions, and every change of
 * champion, oldest first.
 */
public record ModelDetails(String model, Champion champion, int schemaVersion, InputSchema inputSchema,
                           List<VersionSummary> versions, List<ChampionChange> championHistory) {
    public ModelDetails {
        versions = versions == null ? List.of() : versions;
        championHistory = championHistory == null ? List.of() : championHistory;
    }

    /** A line of the version list, with the quality gate's decision: a classifier's ROC AUC and F1, or a regressor's RMSE and R². */
    public record VersionSummary(int version, String algorithm, Double rocAuc, Double f1, Double rmse, Double r2, Instant registeredAt,
                                 boolean passedGate, String gateReason) {}

    /** A promotion or roll-back: from which version (null for the first champion) to which, and why. */
    public record ChampionChange(Instant at, Integer from, int to, String reason) {}
}
