package io.tabml.client;

import java.time.Instant;

/**
 * A line of {@code GET /api/models}: the champion (null when none) and its headline metrics, a
 * classifier's ROC AUC, accuracy and F1 or a regressor's RMSE and R² (the other task's are null).
 */
public record ModelSummary(String model, Integer championVersion, int latestVersion, int versionCount, String algorithm,
                           Double rocAuc, Double accuracy, Double f1, Double rmse, Double r2, Instant updatedAt) {}
