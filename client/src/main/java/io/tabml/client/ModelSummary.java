package io.tabml.client;

import java.time.Instant;

/** A line of {@code GET /api/models}: the champion (null when none) and its headline metrics. */
public record ModelSummary(String model, Integer championVersion, int latestVersion, int versionCount, String algorithm,
                           double rocAuc, double accuracy, double f1, Instant updatedAt) {}
