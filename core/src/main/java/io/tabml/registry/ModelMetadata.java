package io.tabml.registry;

import io.tabml.ingest.InputSchema;
import io.tabml.training.EvaluationMetrics;
import java.time.Instant;

/**
 * {@code models/<model>/versions/<n>/metadata.json}, written after {@code model.bin}: a version
 * exists for readers only once this document does. {@code artifactSha256} is checked on load.
 */
public record ModelMetadata(String model, int version, String algorithm, EvaluationMetrics metrics, InputSchema schema,
                            String artifactSha256, long artifactBytes, Lineage lineage, Instant registeredAt,
                            GateDecision gate) {}
