package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.tabml.ingest.InputSchema;
import io.tabml.training.EvaluationMetrics;
import io.tabml.training.TrainingReport;
import java.time.Instant;

/**
 * {@code models/<model>/versions/<n>/metadata.json}, written after {@code model.bin}: a version
 * exists for readers only once this document does. {@code artifactSha256} is checked on load.
 * It embeds the trainer's report as it is (its fields at the top level of the document): holdout
 * metrics, how the model was selected, feature importance, the input schema, the run's times.
 */
public record ModelMetadata(String model, int version, @JsonUnwrapped TrainingReport report, String artifactSha256,
                            long artifactBytes, Lineage lineage, Instant registeredAt, GateDecision gate) {

    public String algorithm() {
        return report.algorithm();
    }

    public EvaluationMetrics metrics() {
        return report.metrics();
    }

    public InputSchema schema() {
        return report.schema();
    }
}
