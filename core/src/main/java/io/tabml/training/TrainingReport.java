package io.tabml.training;

import io.tabml.ingest.InputSchema;
import java.time.Instant;
import java.util.List;

/**
 * What the trainer writes next to the artifact as {@code metrics.json}: the algorithm, the holdout
 * metrics, how the model was selected, feature importance, the input schema and how the run went.
 * A registered version's metadata embeds it as it is.
 */
public record TrainingReport(String algorithm, EvaluationMetrics metrics, Trainer.SelectionSummary selection,
                             List<FeatureImportance.Importance> featureImportance, InputSchema schema, int rows, int trainRows,
                             String trainerVersion, Instant startedAt, Instant endedAt) {}
