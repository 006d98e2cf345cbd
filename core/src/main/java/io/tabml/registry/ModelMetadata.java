package io.tabml.registry;

import io.tabml.ingest.InputSchema;
import io.tabml.training.EvaluationMetrics;
import io.tabml.training.FeatureImportance;
import io.tabml.training.Trainer;
import java.util.List;
import java.time.Instant;

/**
 * {@code models/<model>/versions/<n>/metadata.json}, written after {@code model.bin}: a version
 * exists for readers only once this document does. {@code artifactSha256} is checked on load.
 * It carries the trainer's report: holdout metrics, how the model was selected, feature importance.
 */
public record ModelMetadata(String model, int version, String algorithm, EvaluationMetrics metrics,
                            Trainer.SelectionSummary selection, List<FeatureImportance.Importance> featureImportance,
                            InputSchema schema, String artifactSha256, long artifactBytes, Lineage lineage, Instant registeredAt,
                            GateDecision gate) {}
